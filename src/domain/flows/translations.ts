import type { Translations } from "../../core/i18n.js";

export const flowsTranslations: Translations = {
  namespace: "flows",
  en: {
    cancel: {
      summary: "Leave the questions you are answering here",
      usage: "/cancel",
      done: "Stopped. Nothing was created.",
      none: "You have no questions open here.",
    },
    photo: {
      wanted: "That is no photo. Send a photo or an image file, or press Skip.",
      howTo: "Send a photo, or press Skip. /cancel stops.",
      attached: "a photo",
    },
    invalid: "That does not fit. Try again, or press Cancel.",
    step: "Question {{number}} of {{count}}",
    placeholder: "Your answer",
    typeOrPress: "Type your answer or press a button. /cancel stops.",
    typeAnswer: "Type your answer. /cancel stops.",
    answerByMention: "Mention the bot in your answer (@ and its name), or it will not see it.",
    expired: "Your unfinished questions ran out of time and were put away. Start again with the command.",
    notYours: "These questions are someone else's. Start your own with the command.",
    gone: "These questions are no longer open. Start again with the command.",
    buttons: { skip: "Skip", cancel: "Cancel", create: "Create", edit: "Edit" },
    preview: {
      title: "Check before it is created",
      text: "Press Create to run this, Edit to change a piece, or Cancel.",
      skipped: "—",
    },
    edit: { which: "Which piece do you want to change?" },
    steps: {
      "task-add": {
        title: { question: "What is the shift? Give it a short title.", label: "Shift" },
        when: { question: "When does it start? For example “sat 10:00”.", label: "When" },
        slots: { question: "How many people are needed?", label: "People" },
        where: { question: "Where is it? (optional)", label: "Where" },
      },
      poll: {
        question: { question: "What do you want to ask?", label: "Question" },
        options: {
          question: "What are the options? One a line, or separated by commas (2 to 10).",
          label: "Options",
        },
        closes: { question: "When does it close? For example “fri 18:00” or “2h”. (optional)", label: "Closes" },
      },
      request: {
        category: { question: "What is it about? Pick a category or type its code.", label: "Category" },
        description: { question: "Describe the problem in a sentence or two.", label: "Description" },
        where: { question: "Where is it? An address or a place. (optional)", label: "Where" },
        photo: { question: "Add a photo? Send it now, or press Skip.", label: "Photo" },
      },
      "hours-log": {
        what: { question: "Which shift was it? Give its number, or say what you did.", label: "For" },
        hours: { question: "How many hours? For example “2” or “1 h 30 min”.", label: "Hours" },
      },
      "poll-add-option": {
        poll: { question: "Which poll? Give its number.", label: "Poll" },
        option: { question: "What option do you want to add?", label: "New option" },
      },
      "category-add": {
        code: { question: "What is the category's short code? For example “lighting”.", label: "Code" },
        name: { question: "What is its name, as residents see it?", label: "Name" },
        expect: { question: "How soon should it be answered? (optional)", label: "Answered within" },
      },
    },
  },
  fi: {
    cancel: {
      summary: "Lopeta täällä kesken olevat kysymykset",
      usage: "/cancel",
      done: "Lopetettu. Mitään ei luotu.",
      none: "Sinulla ei ole täällä kesken olevia kysymyksiä.",
    },
    photo: {
      wanted: "Tuo ei ole kuva. Lähetä kuva tai kuvatiedosto, tai paina Ohita.",
      howTo: "Lähetä kuva tai paina Ohita. /cancel lopettaa.",
      attached: "kuva",
    },
    invalid: "Tuo ei sovi. Yritä uudelleen tai paina Peru.",
    step: "Kysymys {{number}}/{{count}}",
    placeholder: "Vastauksesi",
    typeOrPress: "Kirjoita vastaus tai paina painiketta. /cancel lopettaa.",
    typeAnswer: "Kirjoita vastaus. /cancel lopettaa.",
    answerByMention: "Mainitse botti vastauksessasi (@ ja botin nimi), muuten se ei näe sitä.",
    expired: "Keskeneräiset kysymyksesi vanhenivat ja suljettiin. Aloita alusta komennolla.",
    notYours: "Nämä kysymykset ovat jonkun muun. Aloita omasi komennolla.",
    gone: "Nämä kysymykset eivät ole enää auki. Aloita alusta komennolla.",
    buttons: { skip: "Ohita", cancel: "Peru", create: "Luo", edit: "Muokkaa" },
    preview: {
      title: "Tarkista ennen luontia",
      text: "Paina Luo suorittaaksesi tämän, Muokkaa muuttaaksesi osaa tai Peru.",
      skipped: "—",
    },
    edit: { which: "Mitä osaa haluat muuttaa?" },
    steps: {
      "task-add": {
        title: { question: "Mikä vuoro on kyseessä? Anna lyhyt otsikko.", label: "Vuoro" },
        when: { question: "Milloin se alkaa? Esimerkiksi ”la 10.00”.", label: "Milloin" },
        slots: { question: "Montako ihmistä tarvitaan?", label: "Ihmisiä" },
        where: { question: "Missä? (valinnainen)", label: "Missä" },
      },
      poll: {
        question: { question: "Mitä haluat kysyä?", label: "Kysymys" },
        options: {
          question: "Mitkä ovat vaihtoehdot? Yksi riville tai pilkuilla erotettuina (2–10).",
          label: "Vaihtoehdot",
        },
        closes: {
          question: "Milloin se sulkeutuu? Esimerkiksi ”pe 18:00” tai ”2h”. (valinnainen)",
          label: "Sulkeutuu",
        },
      },
      request: {
        category: { question: "Mitä asia koskee? Valitse luokka tai kirjoita sen koodi.", label: "Luokka" },
        description: { question: "Kuvaile ongelma lauseella tai parilla.", label: "Kuvaus" },
        where: { question: "Missä se on? Osoite tai paikka. (valinnainen)", label: "Missä" },
        photo: { question: "Lisätäänkö kuva? Lähetä se nyt tai paina Ohita.", label: "Kuva" },
      },
      "hours-log": {
        what: { question: "Mikä vuoro oli kyseessä? Anna sen numero tai kerro, mitä teit.", label: "Mihin" },
        hours: { question: "Montako tuntia? Esimerkiksi ”2” tai ”1 h 30 min”.", label: "Tunnit" },
      },
      "poll-add-option": {
        poll: { question: "Mikä kysely? Anna sen numero.", label: "Kysely" },
        option: { question: "Minkä vaihtoehdon haluat lisätä?", label: "Uusi vaihtoehto" },
      },
      "category-add": {
        code: { question: "Mikä on luokan lyhyt koodi? Esimerkiksi ”valaistus”.", label: "Koodi" },
        name: { question: "Mikä on sen nimi asukkaille näkyvänä?", label: "Nimi" },
        expect: { question: "Kuinka nopeasti siihen pitäisi vastata? (valinnainen)", label: "Vastaus viimeistään" },
      },
    },
  },
  sv: {
    cancel: {
      summary: "Avbryt frågorna du svarar på här",
      usage: "/cancel",
      done: "Avbrutet. Inget skapades.",
      none: "Du har inga öppna frågor här.",
    },
    photo: {
      wanted: "Det är ingen bild. Skicka ett foto eller en bildfil, eller tryck Hoppa över.",
      howTo: "Skicka ett foto eller tryck Hoppa över. /cancel avbryter.",
      attached: "ett foto",
    },
    invalid: "Det passar inte. Försök igen eller tryck Avbryt.",
    step: "Fråga {{number}} av {{count}}",
    placeholder: "Ditt svar",
    typeOrPress: "Skriv ditt svar eller tryck på en knapp. /cancel avbryter.",
    typeAnswer: "Skriv ditt svar. /cancel avbryter.",
    answerByMention: "Nämn boten i ditt svar (@ och botens namn), annars ser den det inte.",
    expired: "Dina ofärdiga frågor tog för lång tid och stängdes. Börja om med kommandot.",
    notYours: "De här frågorna är någon annans. Börja dina egna med kommandot.",
    gone: "De här frågorna är inte längre öppna. Börja om med kommandot.",
    buttons: { skip: "Hoppa över", cancel: "Avbryt", create: "Skapa", edit: "Ändra" },
    preview: {
      title: "Kontrollera innan det skapas",
      text: "Tryck Skapa för att köra detta, Ändra för att byta en del, eller Avbryt.",
      skipped: "—",
    },
    edit: { which: "Vilken del vill du ändra?" },
    steps: {
      "task-add": {
        title: { question: "Vilket pass gäller det? Ge det en kort rubrik.", label: "Pass" },
        when: { question: "När börjar det? Till exempel ”lör 10:00”.", label: "När" },
        slots: { question: "Hur många personer behövs?", label: "Personer" },
        where: { question: "Var är det? (valfritt)", label: "Var" },
      },
      poll: {
        question: { question: "Vad vill du fråga?", label: "Fråga" },
        options: {
          question: "Vilka är alternativen? Ett per rad, eller åtskilda med kommatecken (2 till 10).",
          label: "Alternativ",
        },
        closes: { question: "När stängs den? Till exempel ”fre 18:00” eller ”2h”. (valfritt)", label: "Stängs" },
      },
      request: {
        category: { question: "Vad gäller det? Välj en kategori eller skriv dess kod.", label: "Kategori" },
        description: { question: "Beskriv problemet med en mening eller två.", label: "Beskrivning" },
        where: { question: "Var är det? En adress eller en plats. (valfritt)", label: "Var" },
        photo: { question: "Vill du lägga till ett foto? Skicka det nu eller tryck Hoppa över.", label: "Foto" },
      },
      "hours-log": {
        what: { question: "Vilket pass var det? Ange dess nummer, eller säg vad du gjorde.", label: "För" },
        hours: { question: "Hur många timmar? Till exempel ”2” eller ”1 h 30 min”.", label: "Timmar" },
      },
      "poll-add-option": {
        poll: { question: "Vilken omröstning? Ange dess nummer.", label: "Omröstning" },
        option: { question: "Vilket alternativ vill du lägga till?", label: "Nytt alternativ" },
      },
      "category-add": {
        code: { question: "Vad är kategorins korta kod? Till exempel ”belysning”.", label: "Kod" },
        name: { question: "Vad heter den, så som invånarna ser den?", label: "Namn" },
        expect: { question: "Hur snart ska den besvaras? (valfritt)", label: "Besvaras inom" },
      },
    },
  },
};
