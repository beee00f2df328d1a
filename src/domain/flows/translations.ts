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
    invalid: "That does not fit. Try again, or press Cancel.",
    step: "Question {{number}} of {{count}}",
    placeholder: "Your answer",
    typeOrPress: "Type your answer or press a button. /cancel stops.",
    typeAnswer: "Type your answer. /cancel stops.",
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
    },
  },
  fi: {
    cancel: {
      summary: "Lopeta täällä kesken olevat kysymykset",
      usage: "/cancel",
      done: "Lopetettu. Mitään ei luotu.",
      none: "Sinulla ei ole täällä kesken olevia kysymyksiä.",
    },
    invalid: "Tuo ei sovi. Yritä uudelleen tai paina Peru.",
    step: "Kysymys {{number}}/{{count}}",
    placeholder: "Vastauksesi",
    typeOrPress: "Kirjoita vastaus tai paina painiketta. /cancel lopettaa.",
    typeAnswer: "Kirjoita vastaus. /cancel lopettaa.",
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
    },
  },
  sv: {
    cancel: {
      summary: "Avbryt frågorna du svarar på här",
      usage: "/cancel",
      done: "Avbrutet. Inget skapades.",
      none: "Du har inga öppna frågor här.",
    },
    invalid: "Det passar inte. Försök igen eller tryck Avbryt.",
    step: "Fråga {{number}} av {{count}}",
    placeholder: "Ditt svar",
    typeOrPress: "Skriv ditt svar eller tryck på en knapp. /cancel avbryter.",
    typeAnswer: "Skriv ditt svar. /cancel avbryter.",
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
    },
  },
};
