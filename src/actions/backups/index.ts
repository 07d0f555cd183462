import { createBackup } from "./createBackup";
import { deleteBackup } from "./deleteBackup";
import { describeBackup } from "./describeBackup";
import { describeContinuousBackups } from "./describeContinuousBackups";
import { listBackups } from "./listBackups";
import { restoreTableFromBackup } from "./restoreTableFromBackup";
import { restoreTableToPointInTime } from "./restoreTableToPointInTime";
import { updateContinuousBackups } from "./updateContinuousBackups";

/** Backups and recovery: On-demand backups, restores and point-in-time recovery. */
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
