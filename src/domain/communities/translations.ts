import type { Translations } from "../../core/i18n.js";

export const communityTranslations: Translations = {
  namespace: "communities",
  en: {
    /** /help: what the command keeps about its user beyond the community's shared records. */
    personalData: {
      link: "your accounts on other platforms, joined into one",
      lang: "with --me, your own language",
    },
    limits: {
      usage: "/setup limits [requests|tasks|polls|codes|open311 <count>|default]",
      title: "Limits in “{{name}}”",
      requests: "requests: {{count}} per person per hour",
      tasks: "tasks: {{count}} shifts per person per hour",
      polls: "polls: {{count}} per person per hour",
      codes: "codes: {{count}} link or invite codes per person per 10 minutes",
      open311: "open311: {{count}} Open311 posts per minute per API key, and per client address",
      own: " (this community's own; the default is {{default}})",
      hint: "Change one with /setup limits <kind> <count>, or go back with /setup limits <kind> default. Ten wrong codes in 10 minutes stop a person's codes for the rest of those 10 minutes.",
      set: "The {{kind}} limit is now {{count}}.",
      reset: "The {{kind}} limit is back to the default, {{count}}.",
      badKind: "“{{kind}}” is not a limit. Choose requests, tasks, polls, codes or open311.",
      badCount: "A limit is a whole number from 1 to {{max}}, or default.",
      tooManyCodes:
        "You have asked for {{count}} codes in the last 10 minutes. You can ask for the next one in {{minutes}} min.",
      lockedOut:
        "Too many wrong codes. Codes from you are not accepted for {{minutes}} min, so that nobody can guess one.",
    },
    options: {
      name: "The community's name",
      timezone: "Time zone, e.g. Europe/Helsinki",
      inviteCode: "The invite code from /setup invite",
      officials: "Link this chat as the officials' team chat",
      user: "The person",
      role: "The role to give",
      language: "Language",
      me: "Just for me, not for the whole chat",
      linkCode: "The code from your other account (leave out to get one)",
    },
    setup: {
      summary: "Set up this chat: a new community, an invite, joining one, its status",
      usageCommunity: "/setup community <name> [--timezone Europe/Helsinki]",
      directChat:
        "A direct chat with the bot can't be a community's home or join one. Send this in the group or channel you want to use.",
      usageInvite: "/setup invite",
      usageJoin: "/setup join <code> [--officials]",
      usageStatus: "/setup status",
      usageTimezone: "/setup timezone <zone, e.g. Europe/Helsinki>",
      created:
        "“{{name}}” is set up, and this chat is its home. You are its admin.\nNext: /setup invite to link other chats, /role to give roles, /help for everything.",
      alreadyLinked: "This chat already belongs to “{{name}}”.",
      inviteBotFirst:
        "I am not in this channel, so I could not post or listen here. Invite me first with /invite @Talkoot, then send the command again: only then can this chat be a community's home or an officials' chat.",
      badName: "A community name is 1 to 80 characters.",
      badTimezone: "“{{zone}}” is not a time zone I know. Use a name such as Europe/Helsinki.",
      timezoneSet: "Times for “{{name}}” are now shown in {{zone}}.",
      invite:
        "Invite code: {{code}} (valid for 7 days, once).\nIn the other chat, on any platform, a chat admin sends:\n/setup join {{code}}\nFor the officials' team chat: /setup join {{code}} --officials",
      badCode:
        "That code is not valid: it may be mistyped, used already, or expired. Ask an admin for a new one with /setup invite.",
      joined: "This chat is now linked to “{{name}}”.",
      joinedOfficials:
        "This chat is now the officials' chat of “{{name}}”. Requests routed to a contact here will arrive in this chat.",
      statusTitle: "{{name}}",
      statusTimezone: "Time zone",
      statusLanguage: "Language",
      statusChats: "Chats",
      statusMembers: "Members",
      statusMemberCounts: "{{admin}} admins, {{coordinator}} coordinators, {{official}} officials, {{member}} members",
      chatLine: "{{platform}} · {{title}} ({{role}})",
      outbox: "Deliveries waiting: {{depth}}; undeliverable here: {{dead}}",
      deadLetter: "✗ {{chat}}: “{{preview}}” ({{attempts}} attempts: {{error}})",
      chatRole: { community: "community", officials: "officials" },
      chatLineUnreachable:
        "⚠ {{platform}} · {{title}} ({{role}}): the bot cannot post here ({{reason}}). Add the bot back to the chat; until then what would go there goes to the fallback.",
    },
    reach: {
      reason: {
        removed: "the bot was removed",
        kicked: "the bot was banned",
        archived: "the channel was archived",
        not_found: "the chat no longer exists",
      },
      lost: "Talkoot can no longer post in “{{chat}}” of “{{community}}”: {{reason}}. Until the bot is added back, requests meant for that chat go to the fallback (another contact, or the admins), and nothing is queued for it. /setup status shows it.",
      back: "Talkoot can post in “{{chat}}” of “{{community}}” again; messages go there as before.",
    },
    role: {
      summary: "Give someone a role: member, coordinator, official or admin",
      usage: "/role <user> coordinator|official|admin|member",
      badRole: "“{{role}}” is not a role. Roles: member, coordinator, official, admin.",
      notFound: "I found no member called “{{user}}”. They need to have said something in a community chat first.",
      notFoundPrivacy:
        "I have not seen “{{user}}” yet: with privacy mode on, I see only commands and replies to my messages, not other talk. Ask them to send any command here (for example /help), or reply to one of their messages with /role {{role}}.",
      ambiguous: "Several members match “{{user}}”: {{names}}. Use their @username.",
      set: "{{name}} is now {{role}} in “{{community}}”.",
      lastAdmin: "{{name}} is the last admin; make someone else admin first.",
    },
    lang: {
      summary: "Choose the language: for this chat, or just for you with --me",
      usage: "/lang fi|sv|en [--me]",
      current:
        "Language here: {{locale}}. Change it with /lang fi, /lang sv or /lang en; add --me to change it just for you.",
      badLocale: "I speak en, fi and sv. “{{locale}}” is not one of them.",
      chatSet: "This chat now speaks English.",
      personSet: "I will speak English with you.",
    },
    link: {
      summary: "Join your accounts on different platforms into one",
      usage: "/link [code]",
      issued:
        "Your link code: {{code}} (valid for 10 minutes). Send /link {{code}} to me from your other account, on any platform.",
      badCode: "That link code is not valid: it may be mistyped, used already, or expired. Get a new one with /link.",
      same: "That code is yours, from this same account. Send it from your other account.",
      linked: "Done: your accounts are now one person ({{platforms}}).",
    },
  },
  fi: {
    /** /help: what the command keeps about its user beyond the community's shared records. */
    personalData: {
      link: "muiden palvelujen tilisi yhdistettyinä yhdeksi",
      lang: "--me-valinnalla oma kielesi",
    },
    limits: {
      usage: "/setup limits [requests|tasks|polls|codes|open311 <määrä>|default]",
      title: "Rajat: “{{name}}”",
      requests: "requests: {{count}} pyyntöä henkilöä kohden tunnissa",
      tasks: "tasks: {{count}} vuoroa henkilöä kohden tunnissa",
      polls: "polls: {{count}} kyselyä henkilöä kohden tunnissa",
      codes: "codes: {{count}} linkitys- tai kutsukoodia henkilöä kohden 10 minuutissa",
      open311: "open311: {{count}} Open311-pyyntöä minuutissa API-avainta ja asiakasosoitetta kohden",
      own: " (yhteisön oma; oletus on {{default}})",
      hint: "Muuta rajaa: /setup limits <laji> <määrä>. Palauta oletus: /setup limits <laji> default. Kymmenen väärää koodia 10 minuutissa estää henkilön koodit näiden 10 minuutin loppuun.",
      set: "Raja {{kind}} on nyt {{count}}.",
      reset: "Raja {{kind}} on taas oletus, {{count}}.",
      badKind: "“{{kind}}” ei ole raja. Valitse requests, tasks, polls, codes tai open311.",
      badCount: "Raja on kokonaisluku väliltä 1–{{max}} tai default.",
      tooManyCodes:
        "Olet pyytänyt viimeisen 10 minuutin aikana {{count}} koodia. Voit pyytää seuraavan {{minutes}} minuutin kuluttua.",
      lockedOut:
        "Liian monta väärää koodia. Koodejasi ei oteta vastaan {{minutes}} minuuttiin, jottei kukaan voi arvata koodia.",
    },
    options: {
      name: "Yhteisön nimi",
      timezone: "Aikavyöhyke, esim. Europe/Helsinki",
      inviteCode: "Kutsukoodi komennosta /setup invite",
      officials: "Liitä tämä chat viranomaisten tiimichatiksi",
      user: "Henkilö",
      role: "Annettava rooli",
      language: "Kieli",
      me: "Vain minulle, ei koko chatille",
      linkCode: "Toisen tilisi koodi (jätä pois saadaksesi koodin)",
    },
    setup: {
      summary: "Ota keskustelu käyttöön: uusi yhteisö, kutsu, liittyminen, tila",
      usageCommunity: "/setup community <nimi> [--timezone Europe/Helsinki]",
      directChat:
        "Yksityiskeskustelu botin kanssa ei voi olla yhteisön koti eikä liittyä yhteisöön. Lähetä tämä siinä ryhmässä tai kanavassa, jota haluat käyttää.",
      usageInvite: "/setup invite",
      usageJoin: "/setup join <koodi> [--officials]",
      usageStatus: "/setup status",
      usageTimezone: "/setup timezone <aikavyöhyke, esim. Europe/Helsinki>",
      created:
        "”{{name}}” on perustettu, ja tämä keskustelu on sen koti. Olet sen ylläpitäjä.\nSeuraavaksi: /setup invite muiden keskustelujen liittämiseen, /role roolien antamiseen, /help kaikkeen muuhun.",
      alreadyLinked: "Tämä keskustelu kuuluu jo yhteisöön ”{{name}}”.",
      inviteBotFirst:
        "En ole tällä kanavalla, joten en voisi kirjoittaa tai kuunnella täällä. Kutsu minut ensin komennolla /invite @Talkoot ja lähetä komento sitten uudelleen: vasta silloin tästä voi tulla yhteisön koti tai viranomaisten keskustelu.",
      badName: "Yhteisön nimessä on 1–80 merkkiä.",
      badTimezone: "En tunne aikavyöhykettä ”{{zone}}”. Käytä esimerkiksi Europe/Helsinki.",
      timezoneSet: "Yhteisön ”{{name}}” ajat näytetään nyt vyöhykkeellä {{zone}}.",
      invite:
        "Kutsukoodi: {{code}} (voimassa 7 päivää, kerran).\nToisessa keskustelussa, millä alustalla tahansa, keskustelun ylläpitäjä lähettää:\n/setup join {{code}}\nViranomaisten tiimikeskusteluun: /setup join {{code}} --officials",
      badCode:
        "Koodi ei kelpaa: se voi olla väärin kirjoitettu, jo käytetty tai vanhentunut. Pyydä ylläpitäjältä uusi komennolla /setup invite.",
      joined: "Tämä keskustelu on nyt liitetty yhteisöön ”{{name}}”.",
      joinedOfficials:
        "Tämä keskustelu on nyt yhteisön ”{{name}}” viranomaiskeskustelu. Täällä olevalle yhteyshenkilölle ohjatut pyynnöt tulevat tähän keskusteluun.",
      statusTitle: "{{name}}",
      statusTimezone: "Aikavyöhyke",
      statusLanguage: "Kieli",
      statusChats: "Keskustelut",
      statusMembers: "Jäsenet",
      statusMemberCounts:
        "{{admin}} ylläpitäjää, {{coordinator}} koordinaattoria, {{official}} viranomaista, {{member}} jäsentä",
      chatLine: "{{platform}} · {{title}} ({{role}})",
      outbox: "Toimituksia jonossa: {{depth}}; perille saamatta täällä: {{dead}}",
      deadLetter: "✗ {{chat}}: ”{{preview}}” ({{attempts}} yritystä: {{error}})",
      chatRole: { community: "yhteisö", officials: "viranomaiset" },
      chatLineUnreachable:
        "⚠ {{platform}} · {{title}} ({{role}}): botti ei voi kirjoittaa tänne ({{reason}}). Lisää botti takaisin keskusteluun; siihen asti sinne menevä menee varareitille.",
    },
    reach: {
      reason: {
        removed: "botti poistettiin",
        kicked: "botti estettiin",
        archived: "kanava arkistoitiin",
        not_found: "keskustelua ei enää ole",
      },
      lost: "Talkoot ei voi enää kirjoittaa yhteisön “{{community}}” keskusteluun “{{chat}}”: {{reason}}. Kunnes botti lisätään takaisin, sinne kuuluvat pyynnöt menevät varareitille (toiselle yhteyshenkilölle tai ylläpitäjille), eikä sinne jonoteta mitään. /setup status näyttää tilanteen.",
      back: "Talkoot voi taas kirjoittaa yhteisön “{{community}}” keskusteluun “{{chat}}”; viestit menevät sinne kuten ennenkin.",
    },
    role: {
      summary: "Anna jollekulle rooli: jäsen, koordinaattori, viranomainen tai ylläpitäjä",
      usage: "/role <käyttäjä> coordinator|official|admin|member",
      badRole: "”{{role}}” ei ole rooli. Roolit: member, coordinator, official, admin.",
      notFound: "En löytänyt jäsentä ”{{user}}”. Hänen pitää ensin sanoa jotain yhteisön keskustelussa.",
      notFoundPrivacy:
        "En ole vielä nähnyt käyttäjää ”{{user}}”: yksityisyystilassa näen vain komennot ja vastaukset viesteihini, en muuta keskustelua. Pyydä häntä lähettämään tänne mikä tahansa komento (esimerkiksi /help) tai vastaa johonkin hänen viestiinsä komennolla /role {{role}}.",
      ambiguous: "Useampi jäsen vastaa hakua ”{{user}}”: {{names}}. Käytä @käyttäjänimeä.",
      set: "{{name}} on nyt {{role}} yhteisössä ”{{community}}”.",
      lastAdmin: "{{name}} on viimeinen ylläpitäjä; tee ensin joku muu ylläpitäjäksi.",
    },
    lang: {
      summary: "Valitse kieli: tälle keskustelulle, tai vain itsellesi valitsimella --me",
      usage: "/lang fi|sv|en [--me]",
      current:
        "Kieli täällä: {{locale}}. Vaihda komennolla /lang fi, /lang sv tai /lang en; lisää --me, jos haluat vaihtaa vain omasi.",
      badLocale: "Puhun kieliä en, fi ja sv. ”{{locale}}” ei ole niistä yksi.",
      chatSet: "Tämä keskustelu puhuu nyt suomea.",
      personSet: "Puhun sinulle nyt suomea.",
    },
    link: {
      summary: "Yhdistä eri alustojen tilisi yhdeksi",
      usage: "/link [koodi]",
      issued:
        "Linkityskoodisi: {{code}} (voimassa 10 minuuttia). Lähetä /link {{code}} minulle toiselta tililtäsi, millä alustalla tahansa.",
      badCode:
        "Linkityskoodi ei kelpaa: se voi olla väärin kirjoitettu, jo käytetty tai vanhentunut. Hae uusi komennolla /link.",
      same: "Koodi on tältä samalta tililtä. Lähetä se toiselta tililtäsi.",
      linked: "Valmista: tilisi ovat nyt yksi henkilö ({{platforms}}).",
    },
  },
  sv: {
    /** /help: what the command keeps about its user beyond the community's shared records. */
    personalData: {
      link: "dina konton på andra plattformar, sammanslagna till ett",
      lang: "med --me, ditt eget språk",
    },
    limits: {
      usage: "/setup limits [requests|tasks|polls|codes|open311 <antal>|default]",
      title: "Gränser: “{{name}}”",
      requests: "requests: {{count}} ärenden per person och timme",
      tasks: "tasks: {{count}} pass per person och timme",
      polls: "polls: {{count}} omröstningar per person och timme",
      codes: "codes: {{count}} länk- eller inbjudningskoder per person och 10 minuter",
      open311: "open311: {{count}} Open311-anrop per minut, per API-nyckel och per klientadress",
      own: " (gemenskapens egen; standard är {{default}})",
      hint: "Ändra en gräns med /setup limits <typ> <antal>, eller återställ med /setup limits <typ> default. Tio felaktiga koder på 10 minuter spärrar en persons koder resten av de 10 minuterna.",
      set: "Gränsen för {{kind}} är nu {{count}}.",
      reset: "Gränsen för {{kind}} är åter standard, {{count}}.",
      badKind: "“{{kind}}” är ingen gräns. Välj requests, tasks, polls, codes eller open311.",
      badCount: "En gräns är ett heltal från 1 till {{max}}, eller default.",
      tooManyCodes: "Du har bett om {{count}} koder de senaste 10 minuterna. Du kan be om nästa om {{minutes}} min.",
      lockedOut:
        "För många felaktiga koder. Koder från dig tas inte emot på {{minutes}} min, så att ingen kan gissa en kod.",
    },
    options: {
      name: "Gemenskapens namn",
      timezone: "Tidszon, t.ex. Europe/Helsinki",
      inviteCode: "Inbjudningskoden från /setup invite",
      officials: "Länka chatten som tjänstemännens teamchatt",
      user: "Personen",
      role: "Rollen som ges",
      language: "Språk",
      me: "Bara för mig, inte för hela chatten",
      linkCode: "Koden från ditt andra konto (utelämna för att få en)",
    },
    setup: {
      summary: "Ställ in chatten: en ny gemenskap, en inbjudan, att gå med, status",
      usageCommunity: "/setup community <namn> [--timezone Europe/Helsinki]",
      directChat:
        "En direktchatt med boten kan inte vara en gemenskaps hem eller gå med i en. Skicka detta i den grupp eller kanal du vill använda.",
      usageInvite: "/setup invite",
      usageJoin: "/setup join <kod> [--officials]",
      usageStatus: "/setup status",
      usageTimezone: "/setup timezone <tidszon, t.ex. Europe/Helsinki>",
      created:
        "”{{name}}” är skapad, och den här chatten är dess hem. Du är dess administratör.\nNästa steg: /setup invite för att länka andra chattar, /role för roller, /help för allt annat.",
      alreadyLinked: "Den här chatten hör redan till ”{{name}}”.",
      inviteBotFirst:
        "Jag är inte med i den här kanalen, så jag kan inte skriva eller lyssna här. Bjud först in mig med /invite @Talkoot och skicka sedan kommandot igen: först då kan den här chatten bli en gemenskaps hem eller tjänstemännens chatt.",
      badName: "Ett gemenskapsnamn har 1 till 80 tecken.",
      badTimezone: "”{{zone}}” är ingen tidszon jag känner till. Använd ett namn som Europe/Helsinki.",
      timezoneSet: "Tider för ”{{name}}” visas nu i {{zone}}.",
      invite:
        "Inbjudningskod: {{code}} (giltig i 7 dagar, en gång).\nI den andra chatten, på vilken plattform som helst, skickar en chattadministratör:\n/setup join {{code}}\nFör tjänstemännens teamchatt: /setup join {{code}} --officials",
      badCode:
        "Koden är inte giltig: den kan vara felskriven, redan använd eller ha gått ut. Be en administratör om en ny med /setup invite.",
      joined: "Den här chatten är nu länkad till ”{{name}}”.",
      joinedOfficials:
        "Den här chatten är nu tjänstemännens chatt för ”{{name}}”. Ärenden som skickas till en kontakt här kommer till den här chatten.",
      statusTitle: "{{name}}",
      statusTimezone: "Tidszon",
      statusLanguage: "Språk",
      statusChats: "Chattar",
      statusMembers: "Medlemmar",
      statusMemberCounts:
        "{{admin}} administratörer, {{coordinator}} koordinatorer, {{official}} tjänstemän, {{member}} medlemmar",
      chatLine: "{{platform}} · {{title}} ({{role}})",
      outbox: "Leveranser i kö: {{depth}}; olevererbara här: {{dead}}",
      deadLetter: "✗ {{chat}}: ”{{preview}}” ({{attempts}} försök: {{error}})",
      chatRole: { community: "gemenskap", officials: "tjänstemän" },
      chatLineUnreachable:
        "⚠ {{platform}} · {{title}} ({{role}}): boten kan inte skriva här ({{reason}}). Lägg tillbaka boten i chatten; tills dess går det som skulle dit till reservvägen.",
    },
    reach: {
      reason: {
        removed: "boten togs bort",
        kicked: "boten spärrades",
        archived: "kanalen arkiverades",
        not_found: "chatten finns inte längre",
      },
      lost: "Talkoot kan inte längre skriva i “{{chat}}” i gemenskapen “{{community}}”: {{reason}}. Tills boten läggs tillbaka går ärenden som hör dit till reservvägen (en annan kontakt eller administratörerna), och inget köas dit. /setup status visar det.",
      back: "Talkoot kan skriva i “{{chat}}” i gemenskapen “{{community}}” igen; meddelanden går dit som förut.",
    },
    role: {
      summary: "Ge någon en roll: medlem, koordinator, tjänsteman eller administratör",
      usage: "/role <användare> coordinator|official|admin|member",
      badRole: "”{{role}}” är ingen roll. Roller: member, coordinator, official, admin.",
      notFound:
        "Jag hittade ingen medlem som heter ”{{user}}”. Personen måste först ha sagt något i en gemenskapschatt.",
      notFoundPrivacy:
        "Jag har inte sett ”{{user}}” än: med integritetsläget på ser jag bara kommandon och svar på mina meddelanden, inte annat prat. Be personen skicka valfritt kommando här (till exempel /help), eller svara på ett av deras meddelanden med /role {{role}}.",
      ambiguous: "Flera medlemmar matchar ”{{user}}”: {{names}}. Använd deras @användarnamn.",
      set: "{{name}} är nu {{role}} i ”{{community}}”.",
      lastAdmin: "{{name}} är den sista administratören; gör någon annan till administratör först.",
    },
    lang: {
      summary: "Välj språk: för den här chatten, eller bara för dig med --me",
      usage: "/lang fi|sv|en [--me]",
      current:
        "Språk här: {{locale}}. Byt med /lang fi, /lang sv eller /lang en; lägg till --me för att bara byta för dig.",
      badLocale: "Jag talar en, fi och sv. ”{{locale}}” är inget av dem.",
      chatSet: "Den här chatten talar nu svenska.",
      personSet: "Jag talar nu svenska med dig.",
    },
    link: {
      summary: "Slå ihop dina konton på olika plattformar till ett",
      usage: "/link [kod]",
      issued:
        "Din länkkod: {{code}} (giltig i 10 minuter). Skicka /link {{code}} till mig från ditt andra konto, på vilken plattform som helst.",
      badCode:
        "Länkkoden är inte giltig: den kan vara felskriven, redan använd eller ha gått ut. Hämta en ny med /link.",
      same: "Koden kommer från samma konto. Skicka den från ditt andra konto.",
      linked: "Klart: dina konton är nu en person ({{platforms}}).",
    },
  },
};
