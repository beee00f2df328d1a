// Slack request burst: 30 members each mention the bot with a request over
// Slack's HTTP Events API at once, kill -9 in the burst, Slack's retries after.
import { slackRequestBurst } from "./scenarios/slack-request-burst.js";
import { faultScenario } from "./support/fault-matrix.js";

faultScenario(slackRequestBurst);
