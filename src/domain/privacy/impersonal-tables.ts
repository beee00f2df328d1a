// Tables that hold nothing about a person, so no feature's PersonPart covers
// them. Every other table must be named by some part (a test checks the
// union against the schema), so a new table is a decision, never forgotten.
export const IMPERSONAL_TABLES: Readonly<Record<string, string>> = {
  Community: "a community's name and settings",
  FloodLimit: "a community's limits",
  ProcessedEvent: "platform event ids, for de-duplication",
  AdapterState: "adapters' offsets and cursors",
  // It does hold a message for a moment, but only until the message is handled (seconds), so there is nothing to export or erase.
  InboxUpdate: "platform updates in transit, deleted once handled",
  Lease: "which instance runs a singleton",
  TaskPost: "where a task card is shown (community chats)",
  TaskRole: "a shift's roles and their slots (names a coordinator chose)",
  PollOption: "a poll's options and anonymous counts",
  AnonymousBallot: "a keyed hash per voter and poll: no person id, no choice",
  PollPost: "where a poll is shown",
  ServiceCategory: "request categories",
  Contact: "official bodies and their team chats",
  RequestCard: "where a request's card is shown (officials' chats)",
  Installation: "this installation's random id, for calendar UIDs",
};
