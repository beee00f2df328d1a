// Request burst: 30 members each send /request at once, kill -9 in the burst.
import { requestBurst } from "./scenarios/request-burst.js";
import { faultScenario } from "./support/fault-matrix.js";

faultScenario(requestBurst);
