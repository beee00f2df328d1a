// The requests feature's data, one repository per aggregate: categories,
// contacts, the requests, their updates, followers, supporters, cards and
// photos, API keys, the community's number prefix, and shared locations.
import type { Database } from "../../storage/database.js";
import { ApiKeyRepository } from "./api-key-repository.js";
import { CardRepository } from "./card-repository.js";
import { CategoryRepository } from "./category-repository.js";
import { ContactRepository } from "./contact-repository.js";
import { FollowerRepository } from "./follower-repository.js";
import { PhotoRepository } from "./photo-repository.js";
import { PrefixRepository } from "./prefix-repository.js";
import { ServiceRequestRepository } from "./service-request-repository.js";
import { SharedLocationRepository } from "./shared-location-repository.js";
import { SupporterRepository } from "./supporter-repository.js";
import { UpdateRepository } from "./update-repository.js";

export class RequestRepository {
  readonly categories: CategoryRepository;
  readonly contacts: ContactRepository;
  readonly requests: ServiceRequestRepository;
  readonly updates: UpdateRepository;
  readonly followers: FollowerRepository;
  readonly supporters = new SupporterRepository();
  readonly cards: CardRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly prefixes: PrefixRepository;
  readonly photos: PhotoRepository;
  readonly sharedLocations: SharedLocationRepository;

  constructor(database: Database) {
    const { db } = database;
    this.categories = new CategoryRepository(database);
    this.contacts = new ContactRepository(database);
    this.requests = new ServiceRequestRepository(database);
    this.updates = new UpdateRepository(database);
    this.followers = new FollowerRepository(db);
    this.cards = new CardRepository(database);
    this.apiKeys = new ApiKeyRepository(db);
    this.prefixes = new PrefixRepository(db);
    this.photos = new PhotoRepository(database);
    this.sharedLocations = new SharedLocationRepository(database);
  }
}
