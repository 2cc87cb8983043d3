// cdktf's jest matchers (toHaveResource, toBeValidTerraform, ...), as in the cdktf TypeScript template.
const cdktf = require('cdktf');
cdktf.Testing.setupJest();
