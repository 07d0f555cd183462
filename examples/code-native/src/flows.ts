import { flow } from "@prismatic-io/spectral";

/** An order as the webhook receives it. */
export interface Order {
  customerId: number;
  orderId: string;
  amount: number;
}

/**
 * Saves the order from the webhook, reads it back, and totals the customer's orders. Each step is
 * a typed call of the DynamoDB connector; its outputs are plain JSON, numbers as numbers.
 */
export const saveOrder = flow({
  name: "Save Order",
  stableKey: "save-order",
  description: "Upserts an order, reads it back and totals the customer's orders",
  onExecution: async (context, params) => {
    const { components, configVars } = context;
    const order = (params.onTrigger.results.body as { data: Order }).data;
    const where = {
      awsConnection: configVars["DynamoDB Connection"],
      awsRegion: configVars["AWS Region"],
      tableName: configVars["Orders Table"],
    };

    await components.awsDynamodb.createItem({ ...where, itemJson: { ...order } });
    const read = await components.awsDynamodb.getItem({
      ...where,
      value: String(order.customerId),
      rangeKeyValue: order.orderId,
      consistentRead: true,
    });
    const orders = await components.awsDynamodb.queryItems({
      ...where,
      keyConditionExpression: "customerId = :customerId",
      expressionAttributeValues: { ":customerId": String(order.customerId) },
      expressionAttributeValueTypes: { ":customerId": "N" },
    });

    const total = orders.data.items.reduce(
      (sum, item) => sum + (typeof item.amount === "number" ? item.amount : 0),
      0,
    );
    return { data: { saved: read.data.item, orderCount: orders.data.count, total } };
  },
});

export default [saveOrder];
