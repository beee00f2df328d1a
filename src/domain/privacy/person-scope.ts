// Gathers what identifies one person across their linked identities.
import type { Tx } from "../../storage/repositories/people.js";
import type { PersonScope } from "./person-data.js";

export async function personScope(db: Tx, personId: string): Promise<PersonScope | undefined> {
  const person = await db.person.findUnique({ where: { id: personId }, include: { identities: true } });
  if (!person) return undefined;
  const { identities } = person;
  const names = [person.displayName, ...identities.flatMap((i) => [i.displayName, i.handle ?? ""])];
  return {
    personId,
    identityIds: identities.map((i) => i.id),
    directChatIds: identities.flatMap((i) => (i.directChatId ? [i.directChatId] : [])),
    names: [...new Set(names.map((n) => n.trim()).filter(Boolean))],
  };
}
