#!/usr/bin/env bash
# Regenerates the plan JSON fixtures of test/data/inputs with the real Terraform CLI, offline:
#   test/data/inputs/parity/plan.json  terraform show -json of a plan of parity/hcl (everything to create)
#   test/data/inputs/review/plan.json  a plan of review/head against a state holding review/base
#
# Needs terraform (1.11 at /usr/local/bin/terraform) and the AWS provider 5.100.0 in a filesystem
# mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins). No network and no AWS account: the provider
# block has fake credentials and skips every call that would reach AWS (skip_credentials_validation,
# skip_requesting_account_id, skip_metadata_api_check), and plans run with -refresh=false.
#
# `terraform apply` cannot reach AWS, so the "deployed" state of review/base is written from base's
# own plan: each planned resource becomes a state instance whose attributes are its planned values,
# with the values Terraform would only know after apply (id, arn, ...) filled with fixture values.
# Planning review/head against that state with -refresh=false gives resource_changes with real
# before and after values, as a plan of a pull request against deployed infrastructure has.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/test/data/inputs"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat > "$work/cli.tfrc" <<CONF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
}
CONF
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

tf() { terraform -chdir="$1" "${@:2}" -no-color -input=false; }

# plan DIR SOURCE OUT: copy SOURCE's .tf files into DIR, plan, write the plan's JSON to OUT.
plan() {
  mkdir -p "$1"
  cp "$2"/*.tf "$1"/
  tf "$1" init >/dev/null
  tf "$1" plan -refresh=false -out=plan.out >/dev/null
  terraform -chdir="$1" show -no-color -json plan.out > "$3"
}

echo "parity: planning $data/parity/hcl"
plan "$work/parity" "$data/parity/hcl" "$data/parity/plan.json"

echo "review: planning $data/review/base, writing its state"
plan "$work/review" "$data/review/base" "$work/base-plan.json"
node - "$work/base-plan.json" "$work/review/terraform.tfstate" <<'JS'
// A state (format 4) holding every resource of a plan as if applied.
const fs = require('fs');
const [planFile, stateFile] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
const unknownOf = new Map(plan.resource_changes.map((rc) => [rc.address, rc.change.after_unknown || {}]));
// What apply would have set for each attribute the plan leaves unknown.
const fill = (key, r) => {
  if (key === 'id') return r.type === 'aws_iam_role_policy' ? `${r.values.role}:${r.values.name}` : `fixture-${r.name}`;
  if (key === 'arn') return `arn:aws:iam::111122223333:${r.type.replace(/^aws_iam_/, '')}/${r.values.name || r.name}`;
  if (key === 'owner_id') return '111122223333';
  if (key === 'vpc_id') return 'vpc-0fixture';
  if (key === 'unique_id') return 'AROAFIXTUREFIXTURE';
  if (key === 'create_date') return '2026-01-01T00:00:00Z';
  if (key === 'name_prefix') return '';
  if (key === 'tags_all') return {};
  if (['egress', 'inline_policy', 'managed_policy_arns'].includes(key)) return [];
  return undefined;
};
const resources = plan.planned_values.root_module.resources.map((r) => {
  const attributes = { ...r.values };
  for (const [key, unknown] of Object.entries(unknownOf.get(r.address))) {
    if (unknown !== true) continue;
    const v = fill(key, r);
    if (v === undefined) throw new Error(`no fixture value for ${r.address}.${key}`);
    attributes[key] = v;
  }
  return { mode: r.mode, type: r.type, name: r.name, provider: `provider["${r.provider_name}"]`, instances: [{ schema_version: r.schema_version, attributes, sensitive_attributes: [] }] };
});
fs.writeFileSync(stateFile, `${JSON.stringify({ version: 4, terraform_version: plan.terraform_version, serial: 1, lineage: '00000000-0000-4000-8000-000000000000', outputs: {}, resources, check_results: null }, null, 2)}\n`);
JS
rm "$work/review"/*.tf
cp "$data/review/head"/*.tf "$work/review/"
echo "review: planning $data/review/head against that state"
tf "$work/review" plan -refresh=false -out=plan.out >/dev/null
terraform -chdir="$work/review" show -no-color -json plan.out > "$data/review/plan.json"
echo "wrote $data/parity/plan.json and $data/review/plan.json"
