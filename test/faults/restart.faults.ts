// Restart: the vote burst, but the bot gets a clean SIGTERM in the middle of
// it (what an operator's restart or a deploy does), then starts again. A clean
// stop must lose nothing and do nothing twice.
import { voteBurst } from "./scenarios/vote-burst.js";
import { faultScenario } from "./support/fault-matrix.js";

faultScenario({ ...voteBurst, name: "restart", interrupt: "stop" });
