import { createBackup } from "./createBackup";
import { deleteBackup } from "./deleteBackup";
import { describeBackup } from "./describeBackup";
import { describeContinuousBackups } from "./describeContinuousBackups";
import { listBackups } from "./listBackups";
import { restoreTableFromBackup } from "./restoreTableFromBackup";
import { restoreTableToPointInTime } from "./restoreTableToPointInTime";
import { updateContinuousBackups } from "./updateContinuousBackups";

/** The group's page of the reference (docs/backups.md). */
export const about = {
  key: "backups",
  title: "Backups and recovery",
  description: "On-demand backups, restores and point-in-time recovery.",
};

/** The group's actions, in the order its page shows them. */
export default {
  createBackup,
  describeBackup,
  listBackups,
  deleteBackup,
  restoreTableFromBackup,
  restoreTableToPointInTime,
  describeContinuousBackups,
  updateContinuousBackups,
};
