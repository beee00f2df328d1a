// The strings of guided flows' native forms (Slack and Discord modals):
// short field labels rather than the questions' sentences, and the errors
// shown under a field. Slack allows 24 characters for a title or a button.
import type { Translations } from "../../core/i18n.js";

export const formTranslations: Translations = {
  namespace: "forms",
  en: {
    submit: "Create",
    cancel: "Cancel",
    titles: { "task-add": "New shift" },
    fields: {
      "task-add": { title: "Shift", when: "When", slots: "How many people", where: "Place" },
    },
    errors: {
      required: "Please fill this in.",
      text: "Please write 1 to {{max}} characters.",
      number: "Please give a whole number from 1 to 999.",
      invalid: "This does not look right.",
    },
  },
  fi: {
    submit: "Luo",
    cancel: "Peruuta",
    titles: { "task-add": "Uusi vuoro" },
    fields: {
      "task-add": { title: "Vuoro", when: "Milloin", slots: "Montako ihmistä", where: "Paikka" },
    },
    errors: {
      required: "Täytä tämä kenttä.",
      text: "Kirjoita 1–{{max}} merkkiä.",
      number: "Anna kokonaisluku 1–999.",
      invalid: "Tämä ei näytä oikealta.",
    },
  },
  sv: {
    submit: "Skapa",
    cancel: "Avbryt",
    titles: { "task-add": "Nytt pass" },
    fields: {
      "task-add": { title: "Pass", when: "När", slots: "Hur många personer", where: "Plats" },
    },
    errors: {
      required: "Fyll i det här fältet.",
      text: "Skriv 1–{{max}} tecken.",
      number: "Ange ett heltal från 1 till 999.",
      invalid: "Det här ser inte rätt ut.",
    },
  },
};
