import type { Translations } from "../../core/i18n.js";

export const privacyTranslations: Translations = {
  namespace: "privacy",
  en: {
    options: {
      confirm: "Type confirm to erase now",
      user: "The member to erase",
    },
    mydata: {
      summary: "Get everything Talkoot keeps about you, as a file in our direct chat",
      usage: "/mydata",
      title: "Your data",
      file: "Everything Talkoot keeps about you, across your linked accounts and communities, as JSON (format talkoot.mydata/1). The README's Privacy section explains each part.",
      part: "Your data (JSON, format talkoot.mydata/1), part {{part}} of {{parts}}:",
      sentToDirect: "I sent your data to our direct chat.",
      openDirect:
        "Your data goes only to a direct chat with me. Open one, send /mydata there, and it arrives as a file.",
    },
    export: {
      about:
        "Everything Talkoot keeps about you: your accounts and memberships, sign-ups and hours, votes, requests, audit entries, and messages and jobs still waiting for you.",
      anonymousPolls:
        "In anonymous polls Talkoot keeps only the count of each choice and a keyed hash that stops anyone voting twice. Nothing links you to your choice, so there is nothing of yours to show.",
    },
    forget: {
      summary: "Erase yourself from Talkoot on every platform (asks first)",
      usage: "/forgetme [confirm]",
      ask: "This erases you from Talkoot on every platform and in every community: your linked accounts, names, handles and ids, your sign-ups and follows, and messages waiting for you.\nRequests you filed stay for the city, from an “anonymous resident”, with contact details blanked. Your hours and votes stay counted, without your name.\nThis cannot be undone. Press the button, or send /forgetme confirm.",
      button: "Erase me",
      badWord: "To erase yourself, send /forgetme confirm. /forgetme alone tells what it does.",
      done: "You are erased. Talkoot no longer knows who you were; if you write again, you start as someone new.",
      notYours: "Only the person who asked to be erased can press this.",
      already: "There is nothing left to erase: that person is already gone.",
    },
    setupForget: {
      usage: "/setup forget <user> [confirm]",
      description: "Erase a member who asked by other means (asks first)",
      ask: "This erases {{name}} from Talkoot on every platform and in every community, as /forgetme does. Do it only when they have asked. Requests stay as from an anonymous resident; hours and votes stay counted.\nThis cannot be undone. Press the button, or send /setup forget {{user}} confirm.",
      button: "Erase {{name}}",
      badWord: "To erase them, add confirm: /setup forget <user> confirm.",
      done: "{{name}} is erased from Talkoot.",
      self: "To erase yourself, use /forgetme.",
    },
  },
  fi: {
    options: {
      confirm: "Kirjoita confirm poistaaksesi heti",
      user: "Poistettava jäsen",
    },
    mydata: {
      summary: "Saat kaiken, mitä Talkoot tietää sinusta, tiedostona yksityiskeskusteluumme",
      usage: "/mydata",
      title: "Tietosi",
      file: "Kaikki, mitä Talkoot säilyttää sinusta kaikilta yhdistetyiltä tileiltäsi ja yhteisöistäsi, JSON-muodossa (muoto talkoot.mydata/1). READMEn Privacy-osio kertoo, mitä kukin osa tarkoittaa.",
      part: "Tietosi (JSON, muoto talkoot.mydata/1), osa {{part}}/{{parts}}:",
      sentToDirect: "Lähetin tietosi yksityiskeskusteluumme.",
      openDirect:
        "Tietosi lähetetään vain yksityiskeskusteluun kanssani. Avaa sellainen, lähetä siellä /mydata, niin saat ne tiedostona.",
    },
    export: {
      about:
        "Kaikki, mitä Talkoot säilyttää sinusta: tilisi ja jäsenyytesi, ilmoittautumiset ja tunnit, äänet, pyynnöt, lokimerkinnät sekä sinulle vielä odottavat viestit ja tehtävät.",
      anonymousPolls:
        "Nimettömistä äänestyksistä Talkoot säilyttää vain kunkin vaihtoehdon äänimäärän ja avaimella lasketun tiivisteen, joka estää äänestämästä kahdesti. Mikään ei yhdistä sinua valintaasi, joten näytettävää ei ole.",
    },
    forget: {
      summary: "Poista itsesi Talkootista kaikilla alustoilla (kysyy ensin)",
      usage: "/forgetme [confirm]",
      ask: "Tämä poistaa sinut Talkootista kaikilla alustoilla ja kaikissa yhteisöissä: yhdistetyt tilisi, nimesi, käyttäjänimesi ja tunnisteesi, ilmoittautumisesi ja seurantasi sekä sinulle odottavat viestit.\nTekemäsi pyynnöt jäävät kaupungille ”nimettömän asukkaan” pyyntöinä, yhteystiedot peitettyinä. Tuntisi ja äänesi lasketaan edelleen, ilman nimeäsi.\nTätä ei voi perua. Paina painiketta tai lähetä /forgetme confirm.",
      button: "Poista minut",
      badWord: "Poistaaksesi itsesi lähetä /forgetme confirm. Pelkkä /forgetme kertoo, mitä se tekee.",
      done: "Sinut on poistettu. Talkoot ei enää tiedä, kuka olit; jos kirjoitat uudelleen, aloitat uutena.",
      notYours: "Vain poistoa pyytänyt henkilö voi painaa tätä.",
      already: "Poistettavaa ei ole enää: henkilö on jo poistettu.",
    },
    setupForget: {
      usage: "/setup forget <käyttäjä> [confirm]",
      description: "Poista jäsen, joka pyysi sitä muuta kautta (kysyy ensin)",
      ask: "Tämä poistaa henkilön {{name}} Talkootista kaikilla alustoilla ja kaikissa yhteisöissä, kuten /forgetme. Tee se vain hänen pyynnöstään. Pyynnöt jäävät nimettömän asukkaan pyyntöinä; tunnit ja äänet lasketaan edelleen.\nTätä ei voi perua. Paina painiketta tai lähetä /setup forget {{user}} confirm.",
      button: "Poista {{name}}",
      badWord: "Poistaaksesi hänet lisää confirm: /setup forget <käyttäjä> confirm.",
      done: "{{name}} on poistettu Talkootista.",
      self: "Poistaaksesi itsesi käytä komentoa /forgetme.",
    },
  },
  sv: {
    options: {
      confirm: "Skriv confirm för att radera nu",
      user: "Medlemmen som ska raderas",
    },
    mydata: {
      summary: "Få allt Talkoot sparar om dig, som en fil i vår direktchatt",
      usage: "/mydata",
      title: "Dina uppgifter",
      file: "Allt Talkoot sparar om dig, från alla dina länkade konton och gemenskaper, som JSON (format talkoot.mydata/1). README:ns avsnitt Privacy förklarar varje del.",
      part: "Dina uppgifter (JSON, format talkoot.mydata/1), del {{part}} av {{parts}}:",
      sentToDirect: "Jag skickade dina uppgifter till vår direktchatt.",
      openDirect:
        "Dina uppgifter skickas bara till en direktchatt med mig. Öppna en, skicka /mydata där, så kommer de som en fil.",
    },
    export: {
      about:
        "Allt Talkoot sparar om dig: dina konton och medlemskap, anmälningar och timmar, röster, ärenden, loggposter samt meddelanden och jobb som ännu väntar på dig.",
      anonymousPolls:
        "I anonyma omröstningar sparar Talkoot bara antalet röster per alternativ och en nyckelad hash som hindrar någon från att rösta två gånger. Inget kopplar dig till ditt val, så det finns inget av ditt att visa.",
    },
    forget: {
      summary: "Radera dig själv ur Talkoot på alla plattformar (frågar först)",
      usage: "/forgetme [confirm]",
      ask: "Detta raderar dig ur Talkoot på alla plattformar och i alla gemenskaper: dina länkade konton, namn, användarnamn och id:n, dina anmälningar och bevakningar samt meddelanden som väntar på dig.\nÄrenden du har lämnat stannar hos staden, från en ”anonym invånare”, med kontaktuppgifter borttagna. Dina timmar och röster räknas fortfarande, utan ditt namn.\nDetta kan inte ångras. Tryck på knappen eller skicka /forgetme confirm.",
      button: "Radera mig",
      badWord: "Skicka /forgetme confirm för att radera dig. Bara /forgetme berättar vad det gör.",
      done: "Du är raderad. Talkoot vet inte längre vem du var; skriver du igen börjar du som någon ny.",
      notYours: "Bara personen som bad om att bli raderad kan trycka här.",
      already: "Det finns inget kvar att radera: personen är redan borta.",
    },
    setupForget: {
      usage: "/setup forget <användare> [confirm]",
      description: "Radera en medlem som bad om det på annat sätt (frågar först)",
      ask: "Detta raderar {{name}} ur Talkoot på alla plattformar och i alla gemenskaper, som /forgetme. Gör det bara när hen har bett om det. Ärenden stannar som från en anonym invånare; timmar och röster räknas fortfarande.\nDetta kan inte ångras. Tryck på knappen eller skicka /setup forget {{user}} confirm.",
      button: "Radera {{name}}",
      badWord: "Lägg till confirm för att radera: /setup forget <användare> confirm.",
      done: "{{name}} är raderad ur Talkoot.",
      self: "Använd /forgetme för att radera dig själv.",
    },
  },
};
