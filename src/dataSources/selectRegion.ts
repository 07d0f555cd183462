import { dataSource } from "@prismatic-io/spectral";

/** AWS regions with DynamoDB, by code and name. */
const AWS_REGIONS: { key: string; label: string }[] = [
  { key: "us-east-1", label: "US East (N. Virginia)" },
  { key: "us-east-2", label: "US East (Ohio)" },
  { key: "us-west-1", label: "US West (N. California)" },
  { key: "us-west-2", label: "US West (Oregon)" },
  { key: "af-south-1", label: "Africa (Cape Town)" },
  { key: "ap-east-1", label: "Asia Pacific (Hong Kong)" },
  { key: "ap-east-2", label: "Asia Pacific (Taipei)" },
  { key: "ap-south-1", label: "Asia Pacific (Mumbai)" },
  { key: "ap-south-2", label: "Asia Pacific (Hyderabad)" },
  { key: "ap-southeast-1", label: "Asia Pacific (Singapore)" },
  { key: "ap-southeast-2", label: "Asia Pacific (Sydney)" },
  { key: "ap-southeast-3", label: "Asia Pacific (Jakarta)" },
  { key: "ap-southeast-4", label: "Asia Pacific (Melbourne)" },
  { key: "ap-southeast-5", label: "Asia Pacific (Malaysia)" },
  { key: "ap-southeast-7", label: "Asia Pacific (Thailand)" },
  { key: "ap-northeast-1", label: "Asia Pacific (Tokyo)" },
  { key: "ap-northeast-2", label: "Asia Pacific (Seoul)" },
  { key: "ap-northeast-3", label: "Asia Pacific (Osaka)" },
  { key: "ca-central-1", label: "Canada (Central)" },
  { key: "ca-west-1", label: "Canada West (Calgary)" },
  { key: "eu-central-1", label: "Europe (Frankfurt)" },
  { key: "eu-central-2", label: "Europe (Zurich)" },
  { key: "eu-west-1", label: "Europe (Ireland)" },
  { key: "eu-west-2", label: "Europe (London)" },
  { key: "eu-west-3", label: "Europe (Paris)" },
  { key: "eu-south-1", label: "Europe (Milan)" },
  { key: "eu-south-2", label: "Europe (Spain)" },
  { key: "eu-north-1", label: "Europe (Stockholm)" },
  { key: "il-central-1", label: "Israel (Tel Aviv)" },
  { key: "me-south-1", label: "Middle East (Bahrain)" },
  { key: "me-central-1", label: "Middle East (UAE)" },
  { key: "mx-central-1", label: "Mexico (Central)" },
  { key: "sa-east-1", label: "South America (São Paulo)" },
  { key: "us-gov-east-1", label: "AWS GovCloud (US-East)" },
  { key: "us-gov-west-1", label: "AWS GovCloud (US-West)" },
  { key: "cn-north-1", label: "China (Beijing)" },
  { key: "cn-northwest-1", label: "China (Ningxia)" },
];

export const selectRegion = dataSource({
  display: {
    label: "Select AWS Region",
    description: "Choose an AWS region from the list of regions where DynamoDB is available.",
  },
  dataSourceType: "picklist",
  inputs: {},
  perform: async () => ({
    result: AWS_REGIONS.map(({ key, label }) => ({ key, label: `${label} (${key})` })),
  }),
  examplePayload: {
    result: [{ key: "us-east-1", label: "US East (N. Virginia) (us-east-1)" }],
  },
});
