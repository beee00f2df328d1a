// What other features may use of communities.
export { suggestMembers } from "./member-suggestions.js";
export { matchMember, requireMember } from "./user-reference.js";
