// The strings of guided flows' native forms (Slack and Discord modals) that
// the questions do not have already: the form's title and the errors shown
// under a field, and a refused form's "Fix it". Labels, hints and the
// form's own buttons are the flows' own
// (translations.ts). Slack allows 24 characters for a title.
import type { Translations } from "../../core/i18n.js";

export const formTranslations: Translations = {
  namespace: "forms",
  en: {
    titles: {
      "task-add": "New shift",
      poll: "New poll",
      "poll-add-option": "Add an option",
      "hours-log": "Log hours",
      "category-add": "New category",
    },
    errors: {
      required: "Please fill this in.",
      text: "Please write 1 to {{max}} characters.",
      number: "Please give a whole number from 1 to 999.",
      invalid: "This does not look right.",
      summary: "Nothing was created. {{problems}}",
      draftGone: "That form has expired. Run the command again.",
    },
    fix: "Fix it",
  },
  fi: {
    titles: {
      "task-add": "Uusi vuoro",
      poll: "Uusi kysely",
      "poll-add-option": "Lisää vaihtoehto",
      "hours-log": "Kirjaa tunnit",
      "category-add": "Uusi luokka",
    },
    errors: {
      required: "Täytä tämä kenttä.",
      text: "Kirjoita 1–{{max}} merkkiä.",
      number: "Anna kokonaisluku 1–999.",
      invalid: "Tämä ei näytä oikealta.",
      summary: "Mitään ei luotu. {{problems}}",
      draftGone: "Lomake on vanhentunut. Anna komento uudelleen.",
    },
    fix: "Korjaa",
  },
  sv: {
    titles: {
      "task-add": "Nytt pass",
      poll: "Ny omröstning",
      "poll-add-option": "Lägg till alternativ",
      "hours-log": "Logga timmar",
      "category-add": "Ny kategori",
    },
    errors: {
      required: "Fyll i det här fältet.",
      text: "Skriv 1–{{max}} tecken.",
      number: "Ange ett heltal från 1 till 999.",
      invalid: "Det här ser inte rätt ut.",
      summary: "Inget skapades. {{problems}}",
      draftGone: "Formuläret har gått ut. Ge kommandot igen.",
    },
    fix: "Rätta",
  },
};
