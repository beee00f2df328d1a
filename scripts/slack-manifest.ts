// `npm run slack:manifest [-- --request-url https://bot.example.org]`: prints
// the Slack app manifest to paste into api.slack.com/apps.
import { manifestCli } from "../adapters/slack/manifest.js";

const result = manifestCli(process.argv.slice(2), process.env);
if (result.error) {
  process.stderr.write(`${result.error}\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(result.output);
}
