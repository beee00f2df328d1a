// Reminder burst: one job run owes 30 reminders, kill -9 around it.
import { reminderBurst } from "./scenarios/reminder-burst.js";
import { faultScenario } from "./support/fault-matrix.js";

faultScenario(reminderBurst);
