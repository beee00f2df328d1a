// The core's own strings: errors, roles, help. English is the source.
import type { Translations } from "../i18n.js";

export const coreTranslations: Translations = {
  namespace: "core",
  en: {
    options: {
      text: "What to say",
      flag: "An option",
      command: "A command to explain, e.g. task",
    },
    errors: {
      internal:
        "Something went wrong on our side (incident {{incident}}). Please try again; if it keeps happening, tell an admin the incident id.",
      unknownCommand: "I don't know {{command}}. Send /help to see what I can do.",
      usage: "Usage:\n{{usage}}",
      unknownFlag: "There is no option --{{flag}} here. Usage:\n{{usage}}",
      missingFlagValue: "--{{flag}} needs a value. Usage:\n{{usage}}",
      badInteger: "--{{flag}} takes a whole number, not “{{value}}”. Usage:\n{{usage}}",
      repeatedFlag: "--{{flag}} was given twice. Usage:\n{{usage}}",
      missingArgument: "Something is missing. Usage:\n{{usage}}",
      tooManyArguments: "Unexpected words: “{{words}}”. Put text with spaces in quotes. Usage:\n{{usage}}",
      unterminatedQuote: "A quote ({{quote}}) was opened but not closed. Close it and send the command again.",
      tooLong: "That is too long for one command: at most {{max}} characters.",
      controlCharacters: "The command contains invisible control characters. Please type it again.",
      forbidden: "That needs the {{role}} role here.",
      directNoRole: "That works only in your community's chat: a direct chat with the bot gives no role.",
      directNoCommunity: "You are not in any community yet. Send a command in your community's chat first.",
      directWhichCommunity:
        "You are in several communities: {{names}}. Say which one with --community, e.g. --community {{example}}",
      directUnknownCommunity: "You are not in a community called “{{name}}”. Yours: {{names}}.",
      notLinked:
        "This chat is not part of a community yet. A chat admin can run /setup community <name>, or /setup join <code> with an invite code.",
      staleButton: "This button no longer works. Please use the command instead.",
      pressUnknown: "There is no button {{id}}.",
      catchingUp: "Talkoot is catching up. Please try again in a moment.",
      pressKept: "Talkoot is catching up: your press is kept and goes through in a moment.",
      requestHeld: "Talkoot is catching up: what you sent is kept and goes through in a moment.",
    },
    roles: {
      member: "member",
      coordinator: "coordinator",
      official: "official",
      admin: "admin",
      chatAdmin: "chat admin",
    },
    secret: {
      openDirect:
        "I give this only privately, and I can't write to you privately here. Open a direct chat with me, then send the command there.",
      openDirectLink:
        "I give this only privately. Open a chat with me here and press Start: {{link}} — I'll send it there (the link works for you, for {{minutes}} minutes).",
      resumeExpired: "That link has expired or is not yours. Send the command again where you sent it first.",
    },
    help: {
      summary: "List commands, or show how to use one: /help <command>",
      usage: "/help [command]",
      title: "Talkoot commands",
      intro: "Neighbours doing things together: volunteer shifts, quick polls, and requests to the city.",
      more: "Send /help <command> for details, e.g. /help setup.",
      commandTitle: "/{{command}}",
      keeps: "{{line}} (keeps: {{what}})",
      keepsDetail: "Beyond the community's records, it keeps {{what}}. See /privacy.",
      keepsNothing: "It keeps no personal data beyond the community's records. See /privacy.",
      unknown: "There is no command /{{command}}. Send /help for the list.",
    },
    start: {
      greeting: "Hello {{name}}! I am Talkoot.",
    },
    press: {
      summary: "Press a button by its code, where buttons cannot be shown",
      usage: "/press <code>",
    },
  },
  fi: {
    options: {
      text: "Mitä sanot",
      flag: "Valinta",
      command: "Komento, jonka ohje näytetään, esim. task",
    },
    errors: {
      internal:
        "Jokin meni pieleen meidän päässämme (tapaus {{incident}}). Yritä uudelleen; jos virhe toistuu, kerro tapauksen tunnus ylläpitäjälle.",
      unknownCommand: "En tunne komentoa {{command}}. Lähetä /help, niin näet mitä osaan.",
      usage: "Käyttö:\n{{usage}}",
      unknownFlag: "Valitsinta --{{flag}} ei ole. Käyttö:\n{{usage}}",
      missingFlagValue: "--{{flag}} tarvitsee arvon. Käyttö:\n{{usage}}",
      badInteger: "--{{flag}} on kokonaisluku, ei ”{{value}}”. Käyttö:\n{{usage}}",
      repeatedFlag: "--{{flag}} annettiin kahdesti. Käyttö:\n{{usage}}",
      missingArgument: "Jotain puuttuu. Käyttö:\n{{usage}}",
      tooManyArguments:
        "Odottamattomia sanoja: ”{{words}}”. Laita välilyöntejä sisältävä teksti lainausmerkkeihin. Käyttö:\n{{usage}}",
      unterminatedQuote: "Lainausmerkki ({{quote}}) jäi sulkematta. Sulje se ja lähetä komento uudelleen.",
      tooLong: "Komento on liian pitkä: enintään {{max}} merkkiä.",
      controlCharacters: "Komennossa on näkymättömiä ohjausmerkkejä. Kirjoita se uudelleen.",
      forbidden: "Vain {{role}} voi tehdä sen täällä.",
      directNoRole: "Tämä toimii vain yhteisösi keskustelussa: yksityiskeskustelu botin kanssa ei anna roolia.",
      directNoCommunity: "Et ole vielä missään yhteisössä. Lähetä ensin jokin komento yhteisösi keskusteluun.",
      directWhichCommunity:
        "Olet useassa yhteisössä: {{names}}. Kerro mikä valitsimella --community, esim. --community {{example}}",
      directUnknownCommunity: "Et ole yhteisössä nimeltä ”{{name}}”. Sinun yhteisösi: {{names}}.",
      notLinked:
        "Tämä keskustelu ei vielä kuulu yhteisöön. Keskustelun ylläpitäjä voi antaa komennon /setup community <nimi> tai /setup join <koodi> kutsukoodilla.",
      staleButton: "Tämä painike ei enää toimi. Käytä komentoa.",
      pressUnknown: "Painiketta {{id}} ei ole.",
      catchingUp: "Talkoot ottaa kiinni jäljessä olevaa. Yritä hetken päästä uudelleen.",
      pressKept: "Talkoot ottaa kiinni jäljessä olevaa: painalluksesi on tallessa ja menee perille hetken päästä.",
      requestHeld: "Talkoot ottaa kiinni jäljessä olevaa: lähettämäsi on tallessa ja menee perille hetken päästä.",
    },
    roles: {
      member: "jäsen",
      coordinator: "koordinaattori",
      official: "viranomainen",
      admin: "ylläpitäjä",
      chatAdmin: "keskustelun ylläpitäjä",
    },
    secret: {
      openDirect:
        "Annan tämän vain yksityisesti, enkä voi kirjoittaa sinulle yksityisesti täällä. Avaa yksityiskeskustelu kanssani ja lähetä komento siellä.",
      openDirectLink:
        "Annan tämän vain yksityisesti. Avaa keskustelu kanssani tästä ja paina Aloita: {{link}} — lähetän sen sinne (linkki toimii sinulle {{minutes}} minuutin ajan).",
      resumeExpired:
        "Linkki on vanhentunut tai se ei ole sinun. Lähetä komento uudelleen siellä, missä lähetit sen ensin.",
    },
    help: {
      summary: "Näytä komennot tai yhden komennon ohje: /help <komento>",
      usage: "/help [komento]",
      title: "Talkoot-komennot",
      intro: "Naapurit tekevät yhdessä: vapaaehtoisvuorot, pikakyselyt ja pyynnöt kaupungille.",
      more: "Lähetä /help <komento> saadaksesi lisätietoja, esim. /help setup.",
      commandTitle: "/{{command}}",
      keeps: "{{line}} (tallentaa: {{what}})",
      keepsDetail: "Yhteisön yhteisten tietojen lisäksi se tallentaa: {{what}}. Katso /privacy.",
      keepsNothing: "Se ei tallenna henkilötietoja yhteisön yhteisten tietojen lisäksi. Katso /privacy.",
      unknown: "Komentoa /{{command}} ei ole. Lähetä /help nähdäksesi luettelon.",
    },
    start: {
      greeting: "Hei {{name}}! Olen Talkoot.",
    },
    press: {
      summary: "Paina painiketta sen koodilla, jos painikkeita ei voi näyttää",
      usage: "/press <koodi>",
    },
  },
  sv: {
    options: {
      text: "Vad du vill säga",
      flag: "Ett val",
      command: "Kommandot att förklara, t.ex. task",
    },
    errors: {
      internal:
        "Något gick fel hos oss (incident {{incident}}). Försök igen; om det fortsätter, ge incident-id:t till en administratör.",
      unknownCommand: "Jag känner inte till {{command}}. Skicka /help för att se vad jag kan.",
      usage: "Användning:\n{{usage}}",
      unknownFlag: "Det finns inget alternativ --{{flag}} här. Användning:\n{{usage}}",
      missingFlagValue: "--{{flag}} behöver ett värde. Användning:\n{{usage}}",
      badInteger: "--{{flag}} tar ett heltal, inte ”{{value}}”. Användning:\n{{usage}}",
      repeatedFlag: "--{{flag}} angavs två gånger. Användning:\n{{usage}}",
      missingArgument: "Något saknas. Användning:\n{{usage}}",
      tooManyArguments: "Oväntade ord: ”{{words}}”. Sätt text med mellanslag inom citattecken. Användning:\n{{usage}}",
      unterminatedQuote: "Ett citattecken ({{quote}}) öppnades men stängdes inte. Stäng det och skicka kommandot igen.",
      tooLong: "Kommandot är för långt: högst {{max}} tecken.",
      controlCharacters: "Kommandot innehåller osynliga kontrolltecken. Skriv det igen.",
      forbidden: "Bara en {{role}} kan göra det här.",
      directNoRole: "Det fungerar bara i din gemenskaps chatt: en direktchatt med boten ger ingen roll.",
      directNoCommunity: "Du är inte med i någon gemenskap än. Skicka först ett kommando i din gemenskaps chatt.",
      directWhichCommunity:
        "Du är med i flera gemenskaper: {{names}}. Säg vilken med --community, t.ex. --community {{example}}",
      directUnknownCommunity: "Du är inte med i någon gemenskap som heter ”{{name}}”. Dina: {{names}}.",
      notLinked:
        "Den här chatten hör inte till någon gemenskap än. En chattadministratör kan köra /setup community <namn>, eller /setup join <kod> med en inbjudningskod.",
      staleButton: "Den här knappen fungerar inte längre. Använd kommandot i stället.",
      pressUnknown: "Det finns ingen knapp {{id}}.",
      catchingUp: "Talkoot kommer ikapp. Försök igen om en stund.",
      pressKept: "Talkoot kommer ikapp: ditt tryck är sparat och går igenom om en stund.",
      requestHeld: "Talkoot kommer ikapp: det du skickade är sparat och går igenom om en stund.",
    },
    roles: {
      member: "medlem",
      coordinator: "koordinator",
      official: "tjänsteman",
      admin: "administratör",
      chatAdmin: "chattadministratör",
    },
    secret: {
      openDirect:
        "Det här ger jag bara privat, och jag kan inte skriva privat till dig här. Öppna en direktchatt med mig och skicka kommandot där.",
      openDirectLink:
        "Det här ger jag bara privat. Öppna en chatt med mig här och tryck på Starta: {{link}} — jag skickar det dit (länken fungerar för dig i {{minutes}} minuter).",
      resumeExpired: "Länken har gått ut eller är inte din. Skicka kommandot igen där du skickade det först.",
    },
    help: {
      summary: "Lista kommandon, eller visa hur ett används: /help <kommando>",
      usage: "/help [kommando]",
      title: "Talkoot-kommandon",
      intro: "Grannar som gör saker tillsammans: frivilligpass, snabba omröstningar och ärenden till staden.",
      more: "Skicka /help <kommando> för detaljer, t.ex. /help setup.",
      commandTitle: "/{{command}}",
      keeps: "{{line}} (sparar: {{what}})",
      keepsDetail: "Utöver gemenskapens gemensamma uppgifter sparar det {{what}}. Se /privacy.",
      keepsNothing: "Det sparar inga personuppgifter utöver gemenskapens gemensamma uppgifter. Se /privacy.",
      unknown: "Det finns inget kommando /{{command}}. Skicka /help för listan.",
    },
    start: {
      greeting: "Hej {{name}}! Jag är Talkoot.",
    },
    press: {
      summary: "Tryck på en knapp med dess kod, där knappar inte kan visas",
      usage: "/press <kod>",
    },
  },
};
