// `/request` alone lists the categories; `/request <category> <description>
// [--where "<address>"] [--at <lat>,<long>] [--anonymous] [--keep-location]`
// files a request; without --at, a map link or coordinates in the text or in
// --where give its place, else a location the resident shared in this chat just before.
// A photo sent with the command (its caption), or kept by the guided flow's
// photo question and handed over by its Create, is attached.
// An unknown category gets the closest ones (keywords, then fuzzy) as
// buttons; pressing one files the request as typed, in that category.

import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { flag, text } from "../../../core/flag-readers.js";
import type { OutboundMessage } from "../../../core/messages.js";
import { type HeldReply, type HoldReply, holdReply, holdSourceUpdate, sendHeldReply } from "../../held-reply.js";
import { exactCategory, looksLikeCategory, suggestCategories } from "../category-match.js";
import type { CategoryRecord } from "../category-repository.js";
import { checkAddress, checkDescription, parseAt } from "../limits.js";
import { recentlySharedPlace, SHARED_PLACE_WINDOW_MS } from "../location-sharing.js";
import { checkPhoto, type PhotoInput } from "../photo-limits.js";
import { findPlaceInText } from "../place-in-text.js";
import type { Presentation } from "../presentation.js";
import type { RequestView } from "../request-card.js";
import { PICK_CATEGORY_ACTION, pickButtons, renderCategoryList, renderReceipt } from "../request-status.js";
import type { RequestsServices } from "../services.js";
import { presentationFor } from "./shared.js";
import { suggestCategoryCodes } from "./suggestions.js";

interface Draft {
  description: string;
  address?: string;
  placeName?: string;
  lat?: number;
  long?: number;
  anonymous: boolean;
  photo?: PhotoInput;
}

export function fileFallback(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.file",
    description: "requests:options.file",
    // `/request <category> …` has no word of its own; typed platforms call it "file".
    name: "file",
    max: 2,
    rest: true,
    params: [
      { name: "category", description: "requests:options.category", suggest: suggestCategoryCodes(s) },
      { name: "description", description: "requests:options.description" },
    ],
    flags: {
      where: { kind: "string", description: "requests:options.where" },
      at: { kind: "string", description: "requests:options.at" },
      anonymous: { kind: "boolean", description: "requests:options.anonymous" },
      "keep-location": { kind: "boolean", description: "requests:media.keepLocationOption" },
    },
    // Discord's slash command takes the photo as an attachment option; elsewhere it is sent with the line.
    file: { name: "photo", description: "requests:media.photoOption" },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const categories = await s.repo.categories.list(community.id);
      const [typed, rest] = args;
      if (typed === undefined) {
        await ctx.reply(renderCategoryList(categories, ctx.t));
        return;
      }
      if (categories.length === 0) throw new UserError("requests:categories.none");
      const where = text(flags, "where");
      const at = text(flags, "at");
      // Without --at, a map link or coordinates pasted into the text or --where (Slack, Discord) give the place.
      const typedPlace =
        at === undefined ? findPlaceInText([typed, rest, where].filter(Boolean).join(" ")) : parseAt(at);
      const shared = typedPlace ? undefined : await recentlySharedPlace(s, ctx.person.id, ctx.chat.id, ctx.clock.now());
      const coordinates = typedPlace ?? shared?.coordinates;
      const file = ctx.file;
      const extras = {
        address: where === undefined ? shared?.address : checkAddress(where),
        ...(shared?.placeName ? { placeName: shared.placeName } : {}),
        ...coordinates,
        anonymous: flag(flags, "anonymous"),
        ...(file ? { photo: checkPhoto(ctx.event.platform, file, flag(flags, "keep-location")) } : {}),
      };
      const category = exactCategory(typed, categories);
      if (category) {
        if (rest === undefined) throw new UserError("requests:errors.needDescription");
        await fileAndReply(ctx, s, category, { description: checkDescription(rest), ...extras });
        return;
      }
      // "lightning broken lamp" (a misspelt category) keeps "broken lamp"; "streetlight broken" is all description.
      const description = checkDescription(
        rest !== undefined && looksLikeCategory(typed, categories) ? rest : [typed, rest].filter(Boolean).join(" "),
      );
      const suggestions = suggestCategories([typed, rest].filter(Boolean).join(" "), categories);
      if (suggestions.length === 0) {
        throw new UserError("requests:errors.unknownCategory", {
          category: typed.slice(0, 40),
          codes: categories.map((c) => c.code).join(", "),
        });
      }
      const draft = [
        description,
        extras.address ?? "",
        coordinates === undefined ? "" : `${coordinates.lat},${coordinates.long}`,
        extras.anonymous ? "1" : "",
        ctx.identityId,
        extras.placeName ?? "",
        extras.photo ? JSON.stringify(extras.photo) : "",
      ];
      await ctx.reply({
        text: ctx.t("requests:pick.text", { category: typed.slice(0, 40) }),
        buttons: pickButtons(
          suggestions.map((m) => m.category),
          draft,
        ),
      });
    },
  };
}

/** A suggested category's button: files the request that was typed, in that category. */
export function pickCategoryAction(s: RequestsServices): ActionSpec {
  return {
    name: PICK_CATEGORY_ACTION,
    async run(ctx, args) {
      const [code, description, address, at, anonymous, identityId, placeName, photo] = args;
      // Only the person who typed it may file it: the buttons sit in a shared chat.
      if (identityId !== ctx.identityId) {
        ctx.toast(ctx.t("requests:pick.notYours"));
        return;
      }
      const community = ctx.requireCommunity();
      const category = await s.repo.categories.byCode(community.id, code ?? "");
      if (!category?.active) throw new UserError("core:errors.staleButton");
      const draft: Draft = {
        description: checkDescription(description ?? ""),
        anonymous: anonymous === "1",
        ...(address ? { address } : {}),
        ...(placeName ? { placeName } : {}),
        ...(at ? parseAt(at) : {}),
        // Our own button's argument: the photo checked when the command was typed.
        ...(photo ? { photo: JSON.parse(photo) as PhotoInput } : {}),
      };
      // The suggestion becomes the receipt, kept like a typed request's (see fileRequest).
      const { held, number } = await fileRequest(ctx, s, category, draft, holdSourceUpdate);
      ctx.toast(ctx.t("requests:pick.filed", { number }));
      await sendHeldReply(s.deps.outbox, ctx, held);
    },
  };
}

/** The receipt's outbox purpose: it is held with the filing (held-reply.ts), so a crash after the commit does not lose it. */
export const RECEIPT_PURPOSE = "request.receipt";

async function fileAndReply(ctx: HandlerContext, s: RequestsServices, category: CategoryRecord, draft: Draft) {
  const { held } = await fileRequest(ctx, s, category, draft, holdReply);
  await sendHeldReply(s.deps.outbox, ctx, held);
}

/**
 * Files the request, with its receipt drawn and held (`hold`: as a reply, or
 * as the pressed button's message edited) in the filing's transaction, for
 * the caller to send once it has committed: the receipt is owed, and a crash
 * in between leaves it to the outbox (held-reply.ts).
 */
async function fileRequest(
  ctx: HandlerContext,
  s: RequestsServices,
  category: CategoryRecord,
  draft: Draft,
  hold: HoldReply,
): Promise<{ held: HeldReply; number: string }> {
  const community = ctx.requireCommunity();
  const actor = { key: ctx.person.id, communityId: community.id };
  // Counted in the filing's transaction: one transaction for the count and the request.
  const withinLimit = await s.floods.enforcerIn("requests", actor, ctx.clock.now(), "requests:limits.tooMany");
  const presentation = await presentationFor(ctx, s, community.id);
  let held: HeldReply | undefined;
  const { request } = await s.filing.file(
    {
      communityId: community.id,
      category,
      ...draft,
      origin: {
        kind: "chat",
        personId: ctx.person.id,
        identityId: ctx.identityId,
        chatId: ctx.chat.id,
        // Read with the event's identity: the card shows it without another read.
        displayName: ctx.person.displayName,
      },
    },
    {
      completion: ctx.completion,
      guard: withinLimit,
      withView: async (tx, view) => {
        held = await hold(s.deps.outbox, ctx, receiptOf(ctx, s, view, presentation), RECEIPT_PURPOSE, tx);
      },
    },
  );
  if (!held) throw new Error(`request ${request.number} was filed without its receipt`);
  return { held, number: request.number };
}

function receiptOf(ctx: HandlerContext, s: RequestsServices, view: RequestView, p: Presentation): OutboundMessage {
  const receipt = renderReceipt(view, p);
  // No place yet, and the phone can share one: ask for it, answered by replying to this receipt (location-sharing.ts).
  if (view.request.lat === null && s.deps.sharesLocations?.(ctx.event.platform)) {
    receipt.text += `\n${ctx.t("requests:media.askPlace", { minutes: SHARED_PLACE_WINDOW_MS / 60_000 })}`;
  }
  return receipt;
}
