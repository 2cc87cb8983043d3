/**
 * The ECR accounts that serve Amazon EKS add-on images, per region.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html (retrieved 2026-11; complete as
 * of then: 39 regions. The page's source, awsdocs/amazon-eks-user-guide latest/ug/workloads/add-ons-images.adoc,
 * has 38 rows; ap-southeast-5 comes from the zh_cn copy of the same page. Kept as published: the page gives
 * ap-east-2 the host `533267051163.dkr.ecr.ap-east-1.amazonaws.com` (ap-east-1 in the host; only the account
 * is recorded here), and eusc-de-east-1 is served from `*.amazonaws.eu`. Regions added later are not listed.)
 * Pure: no cdktf imports.
 */
export const EKS_IMAGE_ACCOUNTS: Readonly<Record<string, string>> = Object.freeze({
  'af-south-1': '877085696533',
  'ap-east-1': '800184023465',
  'ap-east-2': '533267051163',
  'ap-northeast-1': '602401143452',
  'ap-northeast-2': '602401143452',
  'ap-northeast-3': '602401143452',
  'ap-south-1': '602401143452',
  'ap-south-2': '900889452093',
  'ap-southeast-1': '602401143452',
  'ap-southeast-2': '602401143452',
  'ap-southeast-3': '296578399912',
  'ap-southeast-4': '491585149902',
  'ap-southeast-5': '151610086707',
  'ap-southeast-6': '333609536671',
  'ap-southeast-7': '121268973566',
  'ca-central-1': '602401143452',
  'ca-west-1': '761377655185',
  'cn-north-1': '918309763551',
  'cn-northwest-1': '961992271922',
  'eu-central-1': '602401143452',
  'eu-central-2': '900612956339',
  'eu-north-1': '602401143452',
  'eu-south-1': '590381155156',
  'eu-south-2': '455263428931',
  'eu-west-1': '602401143452',
  'eu-west-2': '602401143452',
  'eu-west-3': '602401143452',
  'eusc-de-east-1': '877088126301',
  'il-central-1': '066635153087',
  'me-central-1': '759879836304',
  'me-south-1': '558608220178',
  'mx-central-1': '730335286997',
  'sa-east-1': '602401143452',
  'us-east-1': '602401143452',
  'us-east-2': '602401143452',
  'us-gov-east-1': '151742754352',
  'us-gov-west-1': '013241004608',
  'us-west-1': '602401143452',
  'us-west-2': '602401143452',
});

/** The account for a region; regions not listed use 602401143452 (the default for most commercial regions). */
export function eksImageAccount(region: string): string {
  return Object.prototype.hasOwnProperty.call(EKS_IMAGE_ACCOUNTS, region) ? EKS_IMAGE_ACCOUNTS[region] : '602401143452';
}
