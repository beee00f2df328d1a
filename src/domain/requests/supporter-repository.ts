// Who supports a request (+1): each person counts once.
import type { Tx } from "../../storage/repositories/people.js";

export class SupporterRepository {
  /** Records one person's support; the new count, or undefined if they had already given it. */
  async add(tx: Tx, requestId: number, personId: string, at: Date): Promise<number | undefined> {
    const existing = await tx.requestSupport.findUnique({
      where: { requestId_personId: { requestId, personId } },
    });
    if (existing) return undefined;
    await tx.requestSupport.create({ data: { requestId, personId, createdAt: at } });
    const request = await tx.serviceRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: { updatedAt: true },
    });
    const row = await tx.serviceRequest.update({
      where: { id: requestId },
      // Support is not a change of the request: its updatedAt (Open311's updated_datetime) stays.
      data: { supportCount: { increment: 1 }, updatedAt: request.updatedAt },
      select: { supportCount: true },
    });
    return row.supportCount;
  }
}
