import {
  configPage,
  configVar,
  connectionConfigVar,
  dataSourceConfigVar,
} from "@prismatic-io/spectral";

export const configPages = {
  Connection: configPage({
    elements: {
      // The connector's "Access Key and Secret" connection: the customer enters the keys.
      "DynamoDB Connection": connectionConfigVar({
        stableKey: "dynamodb-connection",
        dataType: "connection",
        connection: {
          component: "awsDynamodb",
          key: "apiKeySecret",
          values: {
            accessKeyId: { permissionAndVisibilityType: "customer" },
            secretAccessKey: { permissionAndVisibilityType: "customer" },
          },
        },
      }),
    },
  }),
  Orders: configPage({
    elements: {
      "AWS Region": configVar({
        stableKey: "aws-region",
        dataType: "string",
        defaultValue: "us-east-1",
      }),
      // The connector's Select Table data source: a picklist of the tables in that region.
      "Orders Table": dataSourceConfigVar({
        stableKey: "orders-table",
        dataSource: {
          component: "awsDynamodb",
          key: "selectTable",
          values: {
            awsConnection: { configVar: "DynamoDB Connection" },
            awsRegion: { configVar: "AWS Region" },
          },
        },
      }),
    },
  }),
};
