// Vote burst: 30 members press a poll button at once, kill -9 in the burst.
import { voteBurst } from "./scenarios/vote-burst.js";
import { faultScenario } from "./support/fault-matrix.js";

faultScenario(voteBurst);
