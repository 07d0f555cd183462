import { describeTimeToLive } from "./describeTimeToLive";
import { updateTimeToLive } from "./updateTimeToLive";

/** Time to Live: Expire items by a timestamp attribute. */
export default { updateTimeToLive, describeTimeToLive };
