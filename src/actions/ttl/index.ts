import { describeTimeToLive } from "./describeTimeToLive";
import { updateTimeToLive } from "./updateTimeToLive";

/** The group's page of the reference (docs/ttl.md). */
export const about = {
  key: "ttl",
  title: "Time to Live",
  description: "Expire items by a timestamp attribute.",
};

/** The group's actions, in the order its page shows them. */
export default { updateTimeToLive, describeTimeToLive };
