// Task-join burst: 30 members press Join on one shift at once, kill -9 in the burst.
import { taskJoinBurst } from "./scenarios/task-join-burst.js";
import { faultScenario } from "./support/fault-matrix.js";

faultScenario(taskJoinBurst);
