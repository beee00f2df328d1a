// Every repository over one database, built once in the composition root.
import { newInstanceId } from "../core/instance-id.js";
import type { Database } from "./database.js";
import { StoreDirectory } from "./directory.js";
import { AdapterState } from "./repositories/adapter-state.js";
import { AuditLog } from "./repositories/audit.js";
import { ChatMoves } from "./repositories/chat-moves.js";
import { Chats } from "./repositories/chats.js";
import { Communities } from "./repositories/communities.js";
import { FloodCounter } from "./repositories/flood-counter.js";
import { FloodLimitSettings } from "./repositories/flood-limit-settings.js";
import { StoredFormDrafts } from "./repositories/form-drafts.js";
import { StoredGuidedFlows } from "./repositories/guided-flows.js";
import { OneTimeCodes } from "./repositories/one-time-codes.js";
import { Participants } from "./repositories/participants.js";
import { StoredPendingActions } from "./repositories/pending-actions.js";
import { People } from "./repositories/people.js";
import { ProcessedEvents } from "./repositories/processed-events.js";
import { StoredActions } from "./repositories/stored-actions.js";
import { StoredUpdateInbox } from "./repositories/update-inbox.js";

export class Store {
  readonly people: People;
  /** Who spoke: person and role, found or made on every event (the directory's). */
  readonly participants: Participants;
  readonly chats: Chats;
  /** Rewrites a chat's id everywhere (a Telegram group upgraded to a supergroup). */
  readonly chatMoves: ChatMoves;
  readonly communities: Communities;
  readonly codes: OneTimeCodes;
  /** Acts counted for flood limits, and the communities' own limits. */
  readonly floods: FloodCounter;
  readonly floodLimits: FloodLimitSettings;
  readonly processedEvents: ProcessedEvents;
  readonly storedActions: StoredActions;
  readonly pendingActions: StoredPendingActions;
  readonly guidedFlows: StoredGuidedFlows;
  /** What people typed into refused native forms, for their "Fix it" button. */
  readonly formDrafts: StoredFormDrafts;
  readonly adapterState: AdapterState;
  /** Platform updates taken in and not yet handled (drained at start). */
  readonly updateInbox: StoredUpdateInbox;
  readonly audit: AuditLog;
  readonly directory: StoreDirectory;

  /** `instanceId`: this process, named in the claims it takes on events (see ProcessedEvents). */
  constructor(
    readonly database: Database,
    instanceId = newInstanceId(),
  ) {
    const { db } = database;
    this.people = new People(database);
    this.chats = new Chats(database);
    this.chatMoves = new ChatMoves(db, this.chats);
    this.communities = new Communities(database, (chatId) => this.chats.forget(chatId));
    this.codes = new OneTimeCodes(db);
    this.floods = new FloodCounter(database);
    this.floodLimits = new FloodLimitSettings(database);
    this.processedEvents = new ProcessedEvents(database, instanceId);
    this.storedActions = new StoredActions(database, this.chats);
    this.pendingActions = new StoredPendingActions(db);
    this.guidedFlows = new StoredGuidedFlows(db);
    this.formDrafts = new StoredFormDrafts(db);
    this.adapterState = new AdapterState(database);
    this.updateInbox = new StoredUpdateInbox(database);
    this.audit = new AuditLog(database);
    this.participants = new Participants(database, this.communities);
    this.directory = new StoreDirectory(this.people, this.participants, this.chats, this.communities);
  }
}
