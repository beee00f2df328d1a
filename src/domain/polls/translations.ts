// The polls feature's strings (namespace "polls"): /poll, cards, results,
// toasts, summaries and invitations. English is the source; fi and sv have
// the same keys and placeholders (checked in test/domain/polls/translations.test.ts).
// Keys ending in _one/_other are i18next plurals, chosen by `count`.
import type { Translations } from "../../core/i18n.js";

export const pollTranslations: Translations = {
  namespace: "polls",
  en: {
    /** /help: what the command keeps about its user beyond the community's shared records. */
    personalData: {
      poll: "your vote in open polls (anonymous polls keep no link to you)",
    },
    limits: {
      tooMany:
        "You have asked {{count}} polls in the last hour, the most this community allows. You can ask the next one in {{minutes}} min.",
    },
    options: {
      create: "Ask a quick question",
      question: "The question",
      option: "An answer to choose",
      multi: "People may choose several",
      max: "Choose up to this many (with --multi)",
      anonymous: "Nobody sees who voted what",
      hidden: "Results show only when the poll closes",
      live: "Anonymous, with counts while it is open",
      closes: "When it closes, e.g. fri 18:00 or 2h",
      everywhere: "Post it in every chat of the community",
      who: "Who may vote",
      native: "Use the platform's own poll where it can",
      thenTask: "Turn the winning time into a shift with this title",
      slots: "Places on that shift",
      poll: "The poll",
      view: "Which polls",
      choice: "An option number",
      edit: "Change a poll's question, options or closing time",
      editCloses: "The new closing time, e.g. fri 18:00 or 2h, or never",
      addOptions: "Voters may add options: open (at once) or moderated (you approve each)",
      addOption: "Add an option to a poll",
      opens: "Post it later, at this day and time, e.g. mon 9:00",
    },
    summary: "Quick polls: ask, vote with buttons, see results, close",
    usage: {
      create:
        '/poll "<question>" "<option>" "<option>" [...] [--multi [--max N]] [--anonymous [--live]] [--hidden] [--closes "<time or length>"] [--everywhere] [--who members|coordinators] [--native] [--then-task "<title>" [--slots N]] [--add-options open|moderated] [--opens "<day time>"]',
      close: "/poll close <id>",
      delete: "/poll delete <id>",
      edit: '/poll edit <id> ["<question>" ["<option>" "<option>" ...]] [--closes "<time or length>"|never]',
      addOption: '/poll add-option <id> "<option>"',
      remind: "/poll remind <id>",
      results: "/poll results <id>",
      list: "/poll list [open|closed|scheduled]",
      vote: "/poll vote <id> <option number> [...] (or - to take your vote back)",
    },
    errors: {
      needQuestion:
        'Ask a question with at least two options, each in quotes, e.g. /poll "Where shall we meet?" "Library" "Park".',
      questionLength: "A question is 1 to {{max}} characters (this one has {{length}}). Please make it shorter.",
      optionLength: "Option {{number}} must be 1 to {{max}} characters (it has {{length}}). Please make it shorter.",
      optionCount: "A poll has {{min}} to {{max}} options; this one has {{count}}. Put each option in quotes.",
      duplicateOption: "“{{option}}” is there twice. Each option must be different.",
      badWho: "“{{input}}” is not who can vote. Use --who members or --who coordinators.",
      badCloses:
        'I can\'t read “{{input}}” as a closing time. Try a length such as "2h" or "3 days", or a time such as "friday 18:00".',
      closesNeedsTime: '“{{input}}” has no time of day. Add one, e.g. "friday 18:00".',
      closesTooSoon: "That would close the poll in less than a minute: give people time to vote.",
      closesTooLate: "A quick poll closes within {{days}} days.",
      optionNotTime:
        'With --then-task every option is a time for the shift. I can\'t read option {{number}} (“{{option}}”) as a day and a time; try e.g. "sat 10:00".',
      optionInPast: "Option {{number}} (“{{option}}”) is in the past. Give times that are still to come.",
      optionBeforeClose:
        "Option {{number}} (“{{option}}”) starts before the poll closes, so it could never become the shift. Close the poll earlier, or pick a later time.",
      slotsWithoutTask:
        '--slots goes with --then-task: the slots of the shift the winning time becomes, e.g. --then-task "Park clean-up" --slots 8.',
      badId: "“{{input}}” is not a poll number. Poll numbers look like 3 or #3; see /poll list.",
      unknownPoll: "There is no poll #{{id}} in this community. See /poll list.",
      badChoice: "“{{input}}” is not an option number. Give the numbers shown on the poll, e.g. /poll vote 3 2.",
      notYours: "Only the person who started poll #{{id}}, a coordinator or an admin can close it.",
      notYoursToDelete: "Only the person who started poll #{{id}} or an admin can delete it.",
      notYoursToEdit: "Only the person who started poll #{{id}} or an admin can edit it.",
      badOpens: 'I can\'t read “{{input}}” as an opening time. Try a day and a time, such as "mon 9:00".',
      opensNeedsTime: '“{{input}}” has no time of day. Add one, e.g. "mon 9:00".',
      opensPast:
        "That time has passed (or is within a minute). Give a time still to come, or leave --opens out to post the poll now.",
      opensTooLate: "A poll can be scheduled at most {{days}} days ahead.",
      notOpenYet: "Poll #{{id}} is scheduled and not posted yet. See /poll list scheduled.",
      badAddOptions: "“{{input}}” is not a way to add options. Use --add-options open or --add-options moderated.",
      addOptionsWithTask:
        "--add-options does not go with --then-task: every option of a poll to shift is a time planned when the poll is made.",
      notYoursToModerate: "Only the person who started poll #{{id}} or an admin can decide on its new options.",
      editNothing:
        'Say what to change in poll #{{id}}: a new question in quotes, the question and all the options, or --closes, e.g. /poll edit {{id}} --closes "fri 18:00".',
      editVoted:
        "People have already voted in poll #{{id}}, so its options stay as they are: a vote is for the option people saw. You can still change the question and the closing time.",
      editNative:
        "Poll #{{id}} is the platform's own poll, whose question and options can't be edited. You can change its closing time, or close it and ask again.",
      editNativeTooLong: "The platform's own poll #{{id}} can't stay open that long. Choose an earlier closing time.",
      editFewerThanMax: "Poll #{{id}} lets each person choose up to {{max}}, so it needs at least {{max}} options.",
      notYoursToRemind: "Only the person who started poll #{{id}}, a coordinator or an admin can send a reminder.",
      remindAnonymous:
        "Poll #{{id}} is anonymous: a reminder to those who have not voted would show who has, so it can't be sent.",
      remindTooSoon: "Poll #{{id}} had a reminder within the hour. The next one can go in {{minutes}} min.",
      refused: {
        missing: "There is no poll #{{id}} in this community. See /poll list.",
        closed: "Poll #{{id}} is already closed.",
      },
      badListView: "“{{input}}” is not a list. Use open or closed.",
      maxWithoutMulti:
        "--max limits how many options one person chooses, so it goes with --multi, e.g. --multi --max 2.",
      badMax: "--max must be a whole number from 2 to {{max}} (the number of options); “{{input}}” is not.",
    },
    native: {
      limited: "The platform's own poll can't limit how many options one person chooses, so this poll uses buttons.",
      unsupported: "This platform has no polls of its own, so this poll uses buttons.",
      anonymous:
        "The platform's own poll would have to tell me who voted what to keep one tally, so this anonymous poll uses buttons.",
      hidden: "The platform's own poll shows results as people vote, so this hidden poll uses buttons.",
      coordinators: "Anyone can answer the platform's own poll, so this coordinators-only poll uses buttons.",
      tooLong: "The platform's own poll cannot stay open that long, so this poll uses buttons.",
      scheduled: "A scheduled poll is posted with buttons, not as the platform's own poll.",
      addOptions: "The platform's own poll can't take new options once posted, so this poll uses buttons.",
    },
    created: {
      native:
        "Poll #{{id}} is up as the platform's own poll. Close it with /poll close {{id}}; see the results with /poll results {{id}}.",
      everywhere_one: "Poll #{{id}} is also posted in {{count}} other chat. All copies share one tally.",
      everywhere_other: "Poll #{{id}} is also posted in {{count}} other chats. All copies share one tally.",
    },
    card: {
      option: "{{number}}. {{option}} — {{count}} ({{percent}}%) {{bar}}",
      voters_one: "{{count}} person voted",
      voters_other: "{{count}} people voted",
      hidden_one: "Results are hidden until the poll closes. {{count}} person has voted so far.",
      hidden_other: "Results are hidden until the poll closes. {{count}} people have voted so far.",
      single: "One choice. Press your choice again to take it back.",
      multi: "Choose as many as you like. Press an option again to take it back.",
      multiUpTo: "Choose up to {{max}}. Press an option again to take it back.",
      upTo: "Choose up to {{max}}.",
      anonymous:
        "Anonymous: nobody, admins included, can see who voted what. A vote is final: it can't be changed or taken back.",
      anonymousMulti: "Press an option to open your private ballot, tick your choices, then submit.",
      coordinatorsOnly: "Only coordinators vote in this poll.",
      thenTask: "The winning time becomes the shift “{{title}}”; the people who voted for it are invited first.",
      footer: "Poll #{{id}}",
      footerCloses: "Poll #{{id}} · closes {{when}}",
      footerClosed: "Poll #{{id}} · closed",
      footerClosedAt: "Poll #{{id}} · closed {{when}}",
      addOptions: {
        open: 'Anyone who votes can add an option: /poll add-option {{id}} "…"',
        moderated:
          'Anyone who votes can suggest an option: /poll add-option {{id}} "…" (the person who asked approves it)',
      },
      deleted: "Poll #{{id}} was deleted.",
      results: "Results",
      addOption: "➕ Add option",
    },
    outcome: {
      none: "No votes were cast.",
      winner_one: "Result: “{{option}}” wins with {{count}} vote.",
      winner_other: "Result: “{{option}}” wins with {{count}} votes.",
      tie_one: "Result: a tie between {{options}} ({{count}} vote each).",
      tie_other: "Result: a tie between {{options}} ({{count}} votes each).",
    },
    results: {
      title: "Results: {{question}}",
      notVoted: "You haven't voted.",
      votedAnonymously: "You have voted. Your vote is anonymous, so it is not shown, not even to you.",
      yourVote_one: "Your vote: {{options}}",
      yourVote_other: "Your votes: {{options}}",
      more_one: "and {{count}} more",
      more_other: "and {{count}} more",
    },
    list: {
      question: "“{{question}}”",
      closed: "closed",
      closes: "closes {{when}}",
      opens: "opens {{when}}",
      scheduledToo_one: "{{count}} more poll is scheduled: /poll list scheduled",
      scheduledToo_other: "{{count}} more polls are scheduled: /poll list scheduled",
      won: "“{{option}}” won",
      tie: "a tie: {{options}}",
      noVotes: "no votes",
      more_one: "…and {{count}} more.",
      more_other: "…and {{count}} more.",
      title: { open: "Open polls", closed: "Closed polls", scheduled: "Scheduled polls" },
      empty: {
        open: 'No open polls. Ask one: /poll "Question?" "Option A" "Option B"',
        closed: "No closed polls yet.",
        scheduled: "No scheduled polls.",
      },
      footer: "Results: /poll results <id> · close: /poll close <id>",
    },
    draft: {
      text: "Tick your choices, then press Submit. Your vote is anonymous and final.",
      submit_one: "Submit ({{count}} choice)",
      submit_other: "Submit ({{count}} choices)",
      opened: "Your private ballot is open: tick your choices, then submit.",
      submitted: "Your vote is counted, anonymously. It can't be changed or taken back.",
    },
    vote: {
      coordinatorsOnly: "Sorry, only coordinators vote in poll #{{id}}. Thank you for wanting to take part!",
      refused: {
        closed: "Poll #{{id}} is closed; votes are no longer counted.",
        final:
          "You have already voted in poll #{{id}}. It is anonymous, so your vote is final: it can't be changed or taken back.",
        badOption: "Poll #{{id}} has no such option. Use the numbers shown on the poll.",
        oneChoice: "Poll #{{id}} takes one choice. Give one option number.",
        tooMany: "Poll #{{id}} takes up to {{max}} choices. Take one back first, then choose another.",
        empty: "Choose at least one option first.",
        missing: "There is no poll #{{id}} in this community.",
      },
      counted: "Your vote is counted.",
      countedAnonymous: "Your vote is counted. It's anonymous, so it can't be changed or taken back.",
      retractedHidden: "Your vote is taken back.",
      voted: "You voted for {{option}}.",
      changed: "You changed your vote to {{option}}.",
      retracted: "You took back your vote.",
      added: "Added {{option}}. Your choices: {{options}}.",
      removed: "Removed {{option}}. Your choices: {{options}}.",
      unchanged: "Your vote stays: {{options}}.",
      noVote: "You have no vote in this poll.",
    },
    closing: {
      title: "Poll #{{id}} closed: {{question}}",
      onCard: "The final result is on the poll's card.",
      shiftNow: "Shift #{{id}} “{{title}}” is set for {{when}}. Join it from its card.",
      shiftInvited_one:
        "Shift #{{id}} “{{title}}” is set for {{when}}. The {{count}} person who voted for it is invited first; the card follows for everyone at {{cardAt}}.",
      shiftInvited_other:
        "Shift #{{id}} “{{title}}” is set for {{when}}. The {{count}} people who voted for it are invited first; the card follows for everyone at {{cardAt}}.",
      shiftTie: "It's a tie, so no shift was made. A coordinator can pick the time with /task add.",
      shiftNoVotes: "Nobody voted, so no shift was made.",
      shiftPast: "The winning time, {{option}}, has already passed, so no shift was made.",
    },
    invite: {
      text: "You voted for {{option}} in “{{question}}”, and it won. The shift “{{title}}” is on {{when}}. You're invited first: join now, before the card is posted for everyone.",
      footer: "Task #{{id}} · /task join {{id}}",
      join: "Join",
    },
    deleted_one: "Poll #{{id}} is deleted, with its votes. Its card in {{count}} chat now says so.",
    deleted_other: "Poll #{{id}} is deleted, with its votes. Its cards in {{count}} chats now say so.",
    edited_one: "Poll #{{id}} is changed. Its card in {{count}} chat now shows the change.",
    edited_other: "Poll #{{id}} is changed. Its cards in {{count}} chats now show the change.",
    scheduled: {
      here: "Poll #{{id}} is scheduled: it will be posted here {{when}}. Until then, /poll list scheduled shows it, and /poll delete {{id}} cancels it.",
      everywhere:
        "Poll #{{id}} is scheduled: it will be posted here and in every chat of the community {{when}}. Until then, /poll list scheduled shows it, and /poll delete {{id}} cancels it.",
    },
    addOption: {
      added: "Added “{{option}}” to poll #{{id}}. Every copy of the poll now shows it.",
      pending: "Your option “{{option}}” is sent to the person who asked poll #{{id}}. You'll hear when they decide.",
      approve: "{{name}} suggests adding “{{option}}” to your poll #{{id}}.",
      add: "Add",
      reject: "Reject",
      wasAdded: "Your option “{{option}}” was added to poll #{{id}}.",
      wasRejected: "Your option “{{option}}” was not added to poll #{{id}}.",
      gone: "That suggestion's poll no longer exists.",
      decided: {
        added: "Added “{{option}}” to poll #{{id}}.",
        rejected: "Rejected “{{option}}” for poll #{{id}}.",
      },
      refused: {
        missing: "There is no poll #{{id}} in this community. See /poll list.",
        closed: "Poll #{{id}} is already closed.",
        notAllowed: "Poll #{{id}} takes no new options: it was not made with --add-options.",
        full: "Poll #{{id}} already has {{max}} options, the most a poll can have.",
        duplicate: "That option is already in poll #{{id}}, or waiting to be added.",
        perPerson: "You have added {{perPerson}} options to poll #{{id}}, the most one person can.",
        decided: "This suggestion was decided already.",
      },
    },
    remind: {
      notice_one: "Reminder: poll #{{id}} “{{question}}” is open, and {{count}} person has not voted yet.",
      notice_other: "Reminder: poll #{{id}} “{{question}}” is open, and {{count}} people have not voted yet.",
      sent_one: "Reminded {{count}} person who has not voted in poll #{{id}}.",
      sent_other: "Reminded {{count}} people who have not voted in poll #{{id}}.",
      everyone: "Everyone has voted in poll #{{id}}: nobody to remind.",
    },
    closed: {
      elsewhere_one: "Poll #{{id}} is closed. The results are posted in the chat it was in.",
      elsewhere_other: "Poll #{{id}} is closed. The results are posted in the {{count}} chats it was in.",
    },
  },
  fi: {
    /** /help: what the command keeps about its user beyond the community's shared records. */
    personalData: {
      poll: "äänesi avoimissa kyselyissä (nimettömät kyselyt eivät yhdistä ääntä sinuun)",
    },
    limits: {
      tooMany:
        "Olet tehnyt viimeisen tunnin aikana {{count}} kyselyä, mikä on tämän yhteisön raja. Voit tehdä seuraavan {{minutes}} minuutin kuluttua.",
    },
    options: {
      create: "Kysy nopea kysymys",
      question: "Kysymys",
      option: "Valittava vastaus",
      multi: "Voi valita useita",
      max: "Enintään näin monta valintaa (--multi kanssa)",
      anonymous: "Kukaan ei näe, kuka äänesti mitä",
      hidden: "Tulokset näkyvät vasta, kun kysely sulkeutuu",
      live: "Nimetön, mutta tulokset näkyvät äänestyksen aikana",
      closes: "Milloin sulkeutuu, esim. pe 18:00 tai 2h",
      everywhere: "Julkaise yhteisön jokaisessa chatissa",
      who: "Ketkä saavat äänestää",
      native: "Käytä alustan omaa kyselyä, kun voi",
      thenTask: "Tee voittaneesta ajasta vuoro tällä otsikolla",
      slots: "Paikkoja vuorossa",
      poll: "Kysely",
      view: "Mitkä kyselyt",
      choice: "Vaihtoehdon numero",
      edit: "Muuta kyselyn kysymystä, vaihtoehtoja tai sulkeutumisaikaa",
      editCloses: "Uusi sulkeutumisaika, esim. pe 18:00 tai 2h, tai never",
      addOptions: "Vastaajat voivat lisätä vaihtoehtoja: open (heti) tai moderated (hyväksyt jokaisen)",
      addOption: "Lisää kyselyyn vaihtoehto",
      opens: "Julkaise myöhemmin tänä päivänä ja aikana, esim. ma 9:00",
    },
    summary: "Pikakyselyt: kysy, äänestä napeilla, katso tulokset, sulje",
    usage: {
      create:
        '/poll "<kysymys>" "<vaihtoehto>" "<vaihtoehto>" [...] [--multi [--max N]] [--anonymous [--live]] [--hidden] [--closes "<aika tai kesto>"] [--everywhere] [--who members|coordinators] [--native] [--then-task "<otsikko>" [--slots N]] [--add-options open|moderated] [--opens "<päivä aika>"]',
      close: "/poll close <nro>",
      delete: "/poll delete <nro>",
      edit: '/poll edit <nro> ["<kysymys>" ["<vaihtoehto>" "<vaihtoehto>" ...]] [--closes "<aika tai kesto>"|never]',
      addOption: '/poll add-option <nro> "<vaihtoehto>"',
      remind: "/poll remind <nro>",
      results: "/poll results <nro>",
      list: "/poll list [open|closed|scheduled]",
      vote: "/poll vote <nro> <vaihtoehdon numero> [...] (tai - perumaan äänesi)",
    },
    errors: {
      needQuestion:
        'Kysy kysymys ja anna vähintään kaksi vaihtoehtoa, kukin lainausmerkeissä, esim. /poll "Missä tavataan?" "Kirjasto" "Puisto".',
      questionLength: "Kysymyksessä on 1–{{max}} merkkiä (tässä on {{length}}). Lyhennä sitä, kiitos.",
      optionLength: "Vaihtoehdossa {{number}} saa olla 1–{{max}} merkkiä (siinä on {{length}}). Lyhennä sitä, kiitos.",
      optionCount:
        "Kyselyssä on {{min}}–{{max}} vaihtoehtoa; tässä on {{count}}. Laita jokainen vaihtoehto lainausmerkkeihin.",
      duplicateOption: "”{{option}}” on mukana kahdesti. Jokaisen vaihtoehdon pitää olla eri.",
      badWho: "”{{input}}” ei kerro, kuka saa äänestää. Käytä --who members tai --who coordinators.",
      badCloses:
        'En ymmärrä ”{{input}}” sulkemisaikana. Kokeile kestoa, kuten "2h" tai "3 päivää", tai aikaa, kuten "pe 18:00".',
      closesNeedsTime: '”{{input}}” ei kerro kellonaikaa. Lisää se, esim. "pe 18:00".',
      closesTooSoon: "Kysely sulkeutuisi alle minuutissa: anna ihmisille aikaa äänestää.",
      closesTooLate: "Pikakysely sulkeutuu {{days}} päivän kuluessa.",
      optionNotTime:
        'Kun käytät valitsinta --then-task, jokainen vaihtoehto on vuoron aika. En ymmärrä vaihtoehtoa {{number}} (”{{option}}”) päiväksi ja kellonajaksi; kokeile esim. "la 10:00".',
      optionInPast: "Vaihtoehto {{number}} (”{{option}}”) on menneisyydessä. Anna aikoja, jotka ovat vielä edessä.",
      optionBeforeClose:
        "Vaihtoehto {{number}} (”{{option}}”) alkaa ennen kuin kysely sulkeutuu, joten siitä ei voisi koskaan tulla vuoroa. Sulje kysely aiemmin tai valitse myöhäisempi aika.",
      slotsWithoutTask:
        '--slots kuuluu yhteen valitsimen --then-task kanssa: voittavasta ajasta tulevan vuoron paikat, esim. --then-task "Puiston siivous" --slots 8.',
      badId: "”{{input}}” ei ole kyselyn numero. Numerot ovat muotoa 3 tai #3; katso /poll list.",
      unknownPoll: "Tässä yhteisössä ei ole kyselyä #{{id}}. Katso /poll list.",
      badChoice: "”{{input}}” ei ole vaihtoehdon numero. Anna kyselyssä näkyvät numerot, esim. /poll vote 3 2.",
      notYours: "Vain kyselyn #{{id}} aloittaja, koordinaattori tai ylläpitäjä voi sulkea sen.",
      notYoursToDelete: "Vain kyselyn #{{id}} aloittaja tai ylläpitäjä voi poistaa sen.",
      notYoursToEdit: "Vain kyselyn #{{id}} aloittaja tai ylläpitäjä voi muokata sitä.",
      badOpens: 'En osaa lukea “{{input}}” avautumisajaksi. Kokeile päivää ja kellonaikaa, esim. "ma 9:00".',
      opensNeedsTime: '“{{input}}” ei sisällä kellonaikaa. Lisää se, esim. "ma 9:00".',
      opensPast:
        "Se aika on jo mennyt (tai alle minuutin päässä). Anna tuleva aika tai jätä --opens pois, niin kysely julkaistaan heti.",
      opensTooLate: "Kyselyn voi ajastaa enintään {{days}} päivän päähän.",
      notOpenYet: "Kysely #{{id}} on ajastettu eikä sitä ole vielä julkaistu. Katso /poll list scheduled.",
      badAddOptions:
        "“{{input}}” ei ole tapa lisätä vaihtoehtoja. Käytä --add-options open tai --add-options moderated.",
      addOptionsWithTask:
        "--add-options ei käy yhteen --then-taskin kanssa: vuoroksi muuttuvan kyselyn jokainen vaihtoehto on kyselyä tehtäessä suunniteltu aika.",
      notYoursToModerate: "Vain kyselyn #{{id}} aloittaja tai ylläpitäjä voi päättää sen uusista vaihtoehdoista.",
      editNothing:
        'Kerro, mitä kyselyssä #{{id}} muutetaan: uusi kysymys lainausmerkeissä, kysymys ja kaikki vaihtoehdot, tai --closes, esim. /poll edit {{id}} --closes "pe 18:00".',
      editVoted:
        "Kyselyyn #{{id}} on jo vastattu, joten sen vaihtoehdot pysyvät ennallaan: ääni on annettu näkyvillä olleelle vaihtoehdolle. Kysymystä ja sulkeutumisaikaa voit yhä muuttaa.",
      editNative:
        "Kysely #{{id}} on alustan oma kysely, jonka kysymystä ja vaihtoehtoja ei voi muokata. Voit muuttaa sen sulkeutumisaikaa tai sulkea sen ja kysyä uudelleen.",
      editNativeTooLong: "Alustan oma kysely #{{id}} ei voi olla auki niin kauan. Valitse aikaisempi sulkeutumisaika.",
      editFewerThanMax:
        "Kyselyssä #{{id}} voi valita enintään {{max}}, joten siinä on oltava vähintään {{max}} vaihtoehtoa.",
      notYoursToRemind: "Vain kyselyn #{{id}} aloittaja, koordinaattori tai ylläpitäjä voi lähettää muistutuksen.",
      remindAnonymous:
        "Kysely #{{id}} on anonyymi: muistutus äänestämättömille paljastaisi, ketkä ovat äänestäneet, joten sitä ei lähetetä.",
      remindTooSoon:
        "Kyselystä #{{id}} muistutettiin jo tämän tunnin aikana. Seuraavan voi lähettää {{minutes}} min kuluttua.",
      refused: {
        missing: "Tässä yhteisössä ei ole kyselyä #{{id}}. Katso /poll list.",
        closed: "Kysely #{{id}} on jo suljettu.",
      },
      badListView: "”{{input}}” ei ole lista. Käytä open tai closed.",
      maxWithoutMulti:
        "--max rajaa, montako vaihtoehtoa yksi ihminen valitsee, joten se käy vain --multi kanssa, esim. --multi --max 2.",
      badMax: "--max on kokonaisluku 2–{{max}} (vaihtoehtojen määrä); ”{{input}}” ei ole.",
    },
    native: {
      limited:
        "Alustan oma kysely ei voi rajata, montako vaihtoehtoa yksi ihminen valitsee, joten tämä kysely käyttää nappeja.",
      unsupported: "Tällä alustalla ei ole omia kyselyitä, joten tämä kysely käyttää nappeja.",
      anonymous:
        "Alustan oman kyselyn pitäisi kertoa minulle, kuka äänesti mitä, jotta tulos olisi yksi, joten tämä nimetön kysely käyttää nappeja.",
      hidden: "Alustan oma kysely näyttää tulokset äänestyksen aikana, joten tämä piilotettu kysely käyttää nappeja.",
      coordinators:
        "Alustan omaan kyselyyn voi vastata kuka tahansa, joten tämä vain koordinaattoreiden kysely käyttää nappeja.",
      tooLong: "Alustan oma kysely ei voi olla auki niin kauan, joten tässä kyselyssä käytetään painikkeita.",
      scheduled: "Ajastettu kysely julkaistaan painikkeilla, ei alustan omana kyselynä.",
      addOptions:
        "Alustan oma kysely ei ota uusia vaihtoehtoja julkaisun jälkeen, joten tässä kyselyssä käytetään painikkeita.",
    },
    created: {
      native:
        "Kysely #{{id}} on nyt alustan omana kyselynä. Sulje se komennolla /poll close {{id}}; tulokset näet komennolla /poll results {{id}}.",
      everywhere_one:
        "Kysely #{{id}} on lähetetty myös {{count}} muuhun keskusteluun. Kaikilla kopioilla on yksi yhteinen tulos.",
      everywhere_other:
        "Kysely #{{id}} on lähetetty myös {{count}} muuhun keskusteluun. Kaikilla kopioilla on yksi yhteinen tulos.",
    },
    card: {
      option: "{{number}}. {{option}} — {{count}} ({{percent}} %) {{bar}}",
      voters_one: "{{count}} henkilö äänesti",
      voters_other: "{{count}} henkilöä äänesti",
      hidden_one: "Tulokset ovat piilossa, kunnes kysely sulkeutuu. Tähän mennessä {{count}} henkilö on äänestänyt.",
      hidden_other: "Tulokset ovat piilossa, kunnes kysely sulkeutuu. Tähän mennessä {{count}} henkilöä on äänestänyt.",
      single: "Yksi valinta. Paina valintaasi uudelleen, niin se perutaan.",
      multi: "Valitse niin monta kuin haluat. Paina vaihtoehtoa uudelleen, niin se perutaan.",
      multiUpTo: "Valitse enintään {{max}}. Paina vaihtoehtoa uudelleen, niin se perutaan.",
      upTo: "Valitse enintään {{max}}.",
      anonymous:
        "Nimetön: kukaan, ei ylläpitäjäkään, näe, kuka äänesti mitä. Ääni on lopullinen: sitä ei voi muuttaa eikä perua.",
      anonymousMulti: "Paina vaihtoehtoa, niin oma äänestyslippusi avautuu. Rastita valintasi ja lähetä.",
      coordinatorsOnly: "Tässä kyselyssä äänestävät vain koordinaattorit.",
      thenTask: "Voittavasta ajasta tulee vuoro ”{{title}}”; sitä äänestäneet kutsutaan ensin.",
      footer: "Kysely #{{id}}",
      footerCloses: "Kysely #{{id}} · sulkeutuu {{when}}",
      footerClosed: "Kysely #{{id}} · suljettu",
      footerClosedAt: "Kysely #{{id}} · suljettu {{when}}",
      addOptions: {
        open: 'Jokainen vastaaja voi lisätä vaihtoehdon: /poll add-option {{id}} "…"',
        moderated:
          'Jokainen vastaaja voi ehdottaa vaihtoehtoa: /poll add-option {{id}} "…" (kyselyn tekijä hyväksyy sen)',
      },
      deleted: "Kysely #{{id}} poistettiin.",
      results: "Tulokset",
      addOption: "➕ Lisää vaihtoehto",
    },
    outcome: {
      none: "Ääniä ei annettu.",
      winner_one: "Tulos: ”{{option}}” voittaa {{count}} äänellä.",
      winner_other: "Tulos: ”{{option}}” voittaa {{count}} äänellä.",
      tie_one: "Tulos: tasapeli vaihtoehtojen {{options}} kesken ({{count}} ääni kullakin).",
      tie_other: "Tulos: tasapeli vaihtoehtojen {{options}} kesken ({{count}} ääntä kullakin).",
    },
    results: {
      title: "Tulokset: {{question}}",
      notVoted: "Et ole äänestänyt.",
      votedAnonymously: "Olet äänestänyt. Äänesi on nimetön, joten sitä ei näytetä kenellekään, ei edes sinulle.",
      yourVote_one: "Äänesi: {{options}}",
      yourVote_other: "Äänesi: {{options}}",
      more_one: "ja {{count}} muu",
      more_other: "ja {{count}} muuta",
    },
    list: {
      question: "”{{question}}”",
      closed: "suljettu",
      closes: "sulkeutuu {{when}}",
      opens: "avautuu {{when}}",
      scheduledToo_one: "{{count}} kysely lisää on ajastettu: /poll list scheduled",
      scheduledToo_other: "{{count}} kyselyä lisää on ajastettu: /poll list scheduled",
      won: "”{{option}}” voitti",
      tie: "tasapeli: {{options}}",
      noVotes: "ei ääniä",
      more_one: "…ja {{count}} muu.",
      more_other: "…ja {{count}} muuta.",
      title: { open: "Avoimet kyselyt", closed: "Suljetut kyselyt", scheduled: "Ajastetut kyselyt" },
      empty: {
        open: 'Ei avoimia kyselyitä. Kysy jotain: /poll "Kysymys?" "Vaihtoehto A" "Vaihtoehto B"',
        closed: "Suljettuja kyselyitä ei vielä ole.",
        scheduled: "Ajastettuja kyselyitä ei ole.",
      },
      footer: "Tulokset: /poll results <nro> · sulje: /poll close <nro>",
    },
    draft: {
      text: "Rastita valintasi ja paina Lähetä. Äänesi on nimetön ja lopullinen.",
      submit_one: "Lähetä ({{count}} valinta)",
      submit_other: "Lähetä ({{count}} valintaa)",
      opened: "Oma äänestyslippusi on auki: rastita valintasi ja lähetä.",
      submitted: "Äänesi on laskettu nimettömänä. Sitä ei voi muuttaa eikä perua.",
    },
    vote: {
      coordinatorsOnly:
        "Valitettavasti kyselyssä #{{id}} äänestävät vain koordinaattorit. Kiitos, että halusit osallistua!",
      refused: {
        closed: "Kysely #{{id}} on suljettu; ääniä ei enää lasketa.",
        final:
          "Olet jo äänestänyt kyselyssä #{{id}}. Se on nimetön, joten äänesi on lopullinen: sitä ei voi muuttaa eikä perua.",
        badOption: "Kyselyssä #{{id}} ei ole sellaista vaihtoehtoa. Käytä kyselyssä näkyviä numeroita.",
        oneChoice: "Kyselyssä #{{id}} on yksi valinta. Anna yksi vaihtoehdon numero.",
        tooMany: "Kyselyssä #{{id}} voi valita enintään {{max}}. Peru ensin jokin valinta ja valitse sitten toinen.",
        empty: "Valitse ensin vähintään yksi vaihtoehto.",
        missing: "Tässä yhteisössä ei ole kyselyä #{{id}}.",
      },
      counted: "Äänesi on laskettu.",
      countedAnonymous: "Äänesi on laskettu. Se on nimetön, joten sitä ei voi muuttaa eikä perua.",
      retractedHidden: "Äänesi on peruttu.",
      voted: "Äänestit: {{option}}.",
      changed: "Muutit äänesi: {{option}}.",
      retracted: "Peruit äänesi.",
      added: "Lisätty: {{option}}. Valintasi: {{options}}.",
      removed: "Poistettu: {{option}}. Valintasi: {{options}}.",
      unchanged: "Äänesi pysyy: {{options}}.",
      noVote: "Sinulla ei ole ääntä tässä kyselyssä.",
    },
    closing: {
      title: "Kysely #{{id}} suljettu: {{question}}",
      onCard: "Lopullinen tulos on kyselyn kortissa.",
      shiftNow: "Vuoro #{{id}} ”{{title}}” on sovittu ajalle {{when}}. Ilmoittaudu sen kortista.",
      shiftInvited_one:
        "Vuoro #{{id}} ”{{title}}” on sovittu ajalle {{when}}. Sitä äänestänyt {{count}} henkilö kutsutaan ensin; kortti tulee kaikille {{cardAt}}.",
      shiftInvited_other:
        "Vuoro #{{id}} ”{{title}}” on sovittu ajalle {{when}}. Sitä äänestäneet {{count}} henkilöä kutsutaan ensin; kortti tulee kaikille {{cardAt}}.",
      shiftTie: "Tuli tasapeli, joten vuoroa ei tehty. Koordinaattori voi valita ajan komennolla /task add.",
      shiftNoVotes: "Kukaan ei äänestänyt, joten vuoroa ei tehty.",
      shiftPast: "Voittanut aika, {{option}}, on jo mennyt, joten vuoroa ei tehty.",
    },
    invite: {
      text: "Äänestit vaihtoehtoa {{option}} kyselyssä ”{{question}}”, ja se voitti. Vuoro ”{{title}}” on {{when}}. Sinut kutsutaan ensin: ilmoittaudu nyt, ennen kuin kortti julkaistaan kaikille.",
      footer: "Tehtävä #{{id}} · /task join {{id}}",
      join: "Mukaan",
    },
    deleted_one: "Kysely #{{id}} on poistettu äänineen. Sen kortti {{count}} keskustelussa kertoo nyt sen.",
    deleted_other: "Kysely #{{id}} on poistettu äänineen. Sen kortit {{count}} keskustelussa kertovat nyt sen.",
    edited_one: "Kyselyä #{{id}} on muutettu. Sen kortti {{count}} keskustelussa näyttää nyt muutoksen.",
    edited_other: "Kyselyä #{{id}} on muutettu. Sen kortit {{count}} keskustelussa näyttävät nyt muutoksen.",
    scheduled: {
      here: "Kysely #{{id}} on ajastettu: se julkaistaan tässä {{when}}. Siihen asti /poll list scheduled näyttää sen, ja /poll delete {{id}} peruu sen.",
      everywhere:
        "Kysely #{{id}} on ajastettu: se julkaistaan tässä ja yhteisön jokaisessa keskustelussa {{when}}. Siihen asti /poll list scheduled näyttää sen, ja /poll delete {{id}} peruu sen.",
    },
    addOption: {
      added: "“{{option}}” lisättiin kyselyyn #{{id}}. Kyselyn jokainen kopio näyttää sen nyt.",
      pending: "Vaihtoehtosi “{{option}}” lähetettiin kyselyn #{{id}} tekijälle. Kuulet, kun hän päättää.",
      approve: "{{name}} ehdottaa vaihtoehtoa “{{option}}” kyselyysi #{{id}}.",
      add: "Lisää",
      reject: "Hylkää",
      wasAdded: "Vaihtoehtosi “{{option}}” lisättiin kyselyyn #{{id}}.",
      wasRejected: "Vaihtoehtoasi “{{option}}” ei lisätty kyselyyn #{{id}}.",
      gone: "Ehdotuksen kyselyä ei enää ole.",
      decided: {
        added: "“{{option}}” lisättiin kyselyyn #{{id}}.",
        rejected: "“{{option}}” hylättiin kyselystä #{{id}}.",
      },
      refused: {
        missing: "Tässä yhteisössä ei ole kyselyä #{{id}}. Katso /poll list.",
        closed: "Kysely #{{id}} on jo suljettu.",
        notAllowed: "Kyselyyn #{{id}} ei voi lisätä vaihtoehtoja: sitä ei tehty --add-options-valinnalla.",
        full: "Kyselyssä #{{id}} on jo {{max}} vaihtoehtoa, enempää ei voi olla.",
        duplicate: "Tämä vaihtoehto on jo kyselyssä #{{id}} tai odottaa lisäämistä.",
        perPerson: "Olet lisännyt kyselyyn #{{id}} {{perPerson}} vaihtoehtoa, enempää yksi ihminen ei voi.",
        decided: "Tästä ehdotuksesta on jo päätetty.",
      },
    },
    remind: {
      notice_one: "Muistutus: kysely #{{id}} ”{{question}}” on auki, ja {{count}} ihminen ei ole vielä äänestänyt.",
      notice_other: "Muistutus: kysely #{{id}} ”{{question}}” on auki, ja {{count}} ihmistä ei ole vielä äänestänyt.",
      sent_one: "Muistutus lähti {{count}} henkilölle, joka ei ole äänestänyt kyselyssä #{{id}}.",
      sent_other: "Muistutus lähti {{count}} henkilölle, jotka eivät ole äänestäneet kyselyssä #{{id}}.",
      everyone: "Kaikki ovat äänestäneet kyselyssä #{{id}}: ei ketään muistutettavaa.",
    },
    closed: {
      elsewhere_one: "Kysely #{{id}} on suljettu. Tulokset on lähetetty keskusteluun, jossa se oli.",
      elsewhere_other: "Kysely #{{id}} on suljettu. Tulokset on lähetetty {{count}} keskusteluun, joissa se oli.",
    },
  },
  sv: {
    /** /help: what the command keeps about its user beyond the community's shared records. */
    personalData: {
      poll: "din röst i öppna omröstningar (anonyma omröstningar kopplar inte rösten till dig)",
    },
    limits: {
      tooMany:
        "Du har skapat {{count}} omröstningar den senaste timmen, vilket är gränsen i den här gemenskapen. Du kan skapa nästa om {{minutes}} min.",
    },
    options: {
      create: "Ställ en snabb fråga",
      question: "Frågan",
      option: "Ett svar att välja",
      multi: "Man får välja flera",
      max: "Högst så här många val (med --multi)",
      anonymous: "Ingen ser vem som röstade på vad",
      hidden: "Resultaten visas först när omröstningen stänger",
      live: "Anonym, med resultat medan den är öppen",
      closes: "När den stänger, t.ex. fre 18:00 eller 2h",
      everywhere: "Publicera i gemenskapens alla chattar",
      who: "Vem får rösta",
      native: "Använd plattformens egen omröstning där det går",
      thenTask: "Gör den vinnande tiden till ett pass med denna titel",
      slots: "Platser på passet",
      poll: "Omröstningen",
      view: "Vilka omröstningar",
      choice: "Ett alternativs nummer",
      edit: "Ändra en omröstnings fråga, alternativ eller stängningstid",
      editCloses: "Den nya stängningstiden, t.ex. fre 18:00 eller 2h, eller never",
      addOptions: "De som röstar får lägga till alternativ: open (genast) eller moderated (du godkänner varje)",
      addOption: "Lägg till ett alternativ i en omröstning",
      opens: "Posta den senare, den här dagen och tiden, t.ex. mån 9:00",
    },
    summary: "Snabbomröstningar: fråga, rösta med knappar, se resultat, stäng",
    usage: {
      create:
        '/poll "<fråga>" "<alternativ>" "<alternativ>" [...] [--multi [--max N]] [--anonymous [--live]] [--hidden] [--closes "<tid eller längd>"] [--everywhere] [--who members|coordinators] [--native] [--then-task "<titel>" [--slots N]] [--add-options open|moderated] [--opens "<dag tid>"]',
      close: "/poll close <nr>",
      delete: "/poll delete <nr>",
      edit: '/poll edit <nr> ["<fråga>" ["<alternativ>" "<alternativ>" ...]] [--closes "<tid eller längd>"|never]',
      addOption: '/poll add-option <nr> "<alternativ>"',
      remind: "/poll remind <nr>",
      results: "/poll results <nr>",
      list: "/poll list [open|closed|scheduled]",
      vote: "/poll vote <nr> <alternativets nummer> [...] (eller - för att ta tillbaka din röst)",
    },
    errors: {
      needQuestion:
        'Ställ en fråga med minst två alternativ, vart och ett inom citattecken, t.ex. /poll "Var ska vi träffas?" "Biblioteket" "Parken".',
      questionLength: "En fråga har 1–{{max}} tecken (den här har {{length}}). Gör den kortare, tack.",
      optionLength: "Alternativ {{number}} ska ha 1–{{max}} tecken (det har {{length}}). Gör det kortare, tack.",
      optionCount:
        "En omröstning har {{min}}–{{max}} alternativ; den här har {{count}}. Sätt varje alternativ inom citattecken.",
      duplicateOption: "”{{option}}” finns med två gånger. Varje alternativ måste vara olika.",
      badWho: "”{{input}}” säger inte vem som får rösta. Använd --who members eller --who coordinators.",
      badCloses:
        'Jag kan inte läsa ”{{input}}” som en stängningstid. Prova en längd som "2h" eller "3 dagar", eller en tid som "fre 18:00".',
      closesNeedsTime: '”{{input}}” saknar klockslag. Lägg till ett, t.ex. "fre 18:00".',
      closesTooSoon: "Då skulle omröstningen stängas om mindre än en minut: ge folk tid att rösta.",
      closesTooLate: "En snabbomröstning stängs inom {{days}} dagar.",
      optionNotTime:
        'Med --then-task är varje alternativ en tid för passet. Jag kan inte läsa alternativ {{number}} (”{{option}}”) som en dag och en tid; prova t.ex. "lör 10:00".',
      optionInPast: "Alternativ {{number}} (”{{option}}”) har redan varit. Ange tider som ligger framför oss.",
      optionBeforeClose:
        "Alternativ {{number}} (”{{option}}”) börjar innan omröstningen stängs och kan därför aldrig bli passet. Stäng omröstningen tidigare eller välj en senare tid.",
      slotsWithoutTask:
        '--slots hör ihop med --then-task: platserna i passet som den vinnande tiden blir, t.ex. --then-task "Parkstädning" --slots 8.',
      badId: "”{{input}}” är inte ett omröstningsnummer. Numren ser ut som 3 eller #3; se /poll list.",
      unknownPoll: "Det finns ingen omröstning #{{id}} i den här gemenskapen. Se /poll list.",
      badChoice:
        "”{{input}}” är inte ett alternativnummer. Ange numren som visas i omröstningen, t.ex. /poll vote 3 2.",
      notYours: "Bara den som startade omröstning #{{id}}, en koordinator eller en administratör kan stänga den.",
      notYoursToDelete: "Bara den som startade omröstning #{{id}} eller en administratör kan ta bort den.",
      notYoursToEdit: "Bara den som startade omröstning #{{id}} eller en administratör kan ändra den.",
      badOpens: 'Jag kan inte läsa “{{input}}” som en öppningstid. Pröva en dag och en tid, t.ex. "mån 9:00".',
      opensNeedsTime: '“{{input}}” har ingen tid på dygnet. Lägg till en, t.ex. "mån 9:00".',
      opensPast:
        "Den tiden har redan varit (eller är inom en minut). Ge en tid som ännu inte kommit, eller utelämna --opens för att posta omröstningen nu.",
      opensTooLate: "En omröstning kan schemaläggas högst {{days}} dagar framåt.",
      notOpenYet: "Omröstning #{{id}} är schemalagd och inte postad än. Se /poll list scheduled.",
      badAddOptions:
        "“{{input}}” är inget sätt att lägga till alternativ. Använd --add-options open eller --add-options moderated.",
      addOptionsWithTask:
        "--add-options går inte ihop med --then-task: varje alternativ i en omröstning som blir ett pass är en tid som planeras när omröstningen görs.",
      notYoursToModerate:
        "Bara den som startade omröstning #{{id}} eller en administratör kan besluta om dess nya alternativ.",
      editNothing:
        'Säg vad som ska ändras i omröstning #{{id}}: en ny fråga inom citattecken, frågan och alla alternativ, eller --closes, t.ex. /poll edit {{id}} --closes "fre 18:00".',
      editVoted:
        "Någon har redan röstat i omröstning #{{id}}, så dess alternativ förblir som de är: en röst gäller det alternativ man såg. Frågan och stängningstiden kan du fortfarande ändra.",
      editNative:
        "Omröstning #{{id}} är plattformens egen omröstning, vars fråga och alternativ inte kan ändras. Du kan ändra dess stängningstid, eller stänga den och fråga igen.",
      editNativeTooLong:
        "Plattformens egen omröstning #{{id}} kan inte vara öppen så länge. Välj en tidigare stängningstid.",
      editFewerThanMax:
        "I omröstning #{{id}} får var och en välja upp till {{max}}, så den behöver minst {{max}} alternativ.",
      notYoursToRemind:
        "Bara den som startade omröstning #{{id}}, en koordinator eller en administratör kan skicka en påminnelse.",
      remindAnonymous:
        "Omröstning #{{id}} är anonym: en påminnelse till dem som inte röstat skulle visa vilka som har röstat, så den kan inte skickas.",
      remindTooSoon:
        "Omröstning #{{id}} fick en påminnelse inom den senaste timmen. Nästa kan skickas om {{minutes}} min.",
      refused: {
        missing: "Det finns ingen omröstning #{{id}} i den här gemenskapen. Se /poll list.",
        closed: "Omröstning #{{id}} är redan stängd.",
      },
      badListView: "”{{input}}” är ingen lista. Använd open eller closed.",
      maxWithoutMulti:
        "--max begränsar hur många alternativ en person väljer, så det hör ihop med --multi, t.ex. --multi --max 2.",
      badMax: "--max är ett heltal från 2 till {{max}} (antalet alternativ); ”{{input}}” är det inte.",
    },
    native: {
      limited:
        "Plattformens egen omröstning kan inte begränsa hur många alternativ en person väljer, så den här omröstningen använder knappar.",
      unsupported: "Den här plattformen har inga egna omröstningar, så den här omröstningen använder knappar.",
      anonymous:
        "Plattformens egen omröstning skulle behöva tala om för mig vem som röstade på vad för att ge ett enda resultat, så den här anonyma omröstningen använder knappar.",
      hidden:
        "Plattformens egen omröstning visar resultatet medan folk röstar, så den här dolda omröstningen använder knappar.",
      coordinators:
        "Vem som helst kan svara på plattformens egen omröstning, så den här omröstningen för koordinatorer använder knappar.",
      tooLong: "Plattformens egen omröstning kan inte vara öppen så länge, så den här omröstningen använder knappar.",
      scheduled: "En schemalagd omröstning postas med knappar, inte som plattformens egen omröstning.",
      addOptions:
        "Plattformens egen omröstning tar inte nya alternativ när den väl är postad, så den här omröstningen använder knappar.",
    },
    created: {
      native:
        "Omröstning #{{id}} är uppe som plattformens egen omröstning. Stäng den med /poll close {{id}}; se resultatet med /poll results {{id}}.",
      everywhere_one: "Omröstning #{{id}} är också publicerad i {{count}} annan chatt. Alla kopior delar ett resultat.",
      everywhere_other:
        "Omröstning #{{id}} är också publicerad i {{count}} andra chattar. Alla kopior delar ett resultat.",
    },
    card: {
      option: "{{number}}. {{option}} — {{count}} ({{percent}} %) {{bar}}",
      voters_one: "{{count}} person har röstat",
      voters_other: "{{count}} personer har röstat",
      hidden_one: "Resultatet är dolt tills omröstningen stängs. Hittills har {{count}} person röstat.",
      hidden_other: "Resultatet är dolt tills omröstningen stängs. Hittills har {{count}} personer röstat.",
      single: "Ett val. Tryck på ditt val igen för att ta tillbaka det.",
      multi: "Välj så många du vill. Tryck på ett alternativ igen för att ta tillbaka det.",
      multiUpTo: "Välj högst {{max}}. Tryck på ett alternativ igen för att ta tillbaka det.",
      upTo: "Välj högst {{max}}.",
      anonymous:
        "Anonym: ingen, inte ens administratörer, kan se vem som röstade på vad. En röst är slutgiltig: den kan inte ändras eller tas tillbaka.",
      anonymousMulti: "Tryck på ett alternativ för att öppna din egen röstsedel, kryssa i dina val och skicka.",
      coordinatorsOnly: "Bara koordinatorer röstar i den här omröstningen.",
      thenTask: "Den vinnande tiden blir passet ”{{title}}”; de som röstade på den bjuds in först.",
      footer: "Omröstning #{{id}}",
      footerCloses: "Omröstning #{{id}} · stängs {{when}}",
      footerClosed: "Omröstning #{{id}} · stängd",
      footerClosedAt: "Omröstning #{{id}} · stängd {{when}}",
      addOptions: {
        open: 'Alla som röstar kan lägga till ett alternativ: /poll add-option {{id}} "…"',
        moderated:
          'Alla som röstar kan föreslå ett alternativ: /poll add-option {{id}} "…" (den som frågade godkänner det)',
      },
      deleted: "Omröstning #{{id}} togs bort.",
      results: "Resultat",
      addOption: "➕ Lägg till alternativ",
    },
    outcome: {
      none: "Inga röster lades.",
      winner_one: "Resultat: ”{{option}}” vinner med {{count}} röst.",
      winner_other: "Resultat: ”{{option}}” vinner med {{count}} röster.",
      tie_one: "Resultat: oavgjort mellan {{options}} ({{count}} röst var).",
      tie_other: "Resultat: oavgjort mellan {{options}} ({{count}} röster var).",
    },
    results: {
      title: "Resultat: {{question}}",
      notVoted: "Du har inte röstat.",
      votedAnonymously: "Du har röstat. Din röst är anonym, så den visas inte för någon, inte ens för dig.",
      yourVote_one: "Din röst: {{options}}",
      yourVote_other: "Dina röster: {{options}}",
      more_one: "och {{count}} till",
      more_other: "och {{count}} till",
    },
    list: {
      question: "”{{question}}”",
      closed: "stängd",
      closes: "stängs {{when}}",
      opens: "öppnar {{when}}",
      scheduledToo_one: "{{count}} omröstning till är schemalagd: /poll list scheduled",
      scheduledToo_other: "{{count}} omröstningar till är schemalagda: /poll list scheduled",
      won: "”{{option}}” vann",
      tie: "oavgjort: {{options}}",
      noVotes: "inga röster",
      more_one: "…och {{count}} till.",
      more_other: "…och {{count}} till.",
      title: { open: "Öppna omröstningar", closed: "Stängda omröstningar", scheduled: "Schemalagda omröstningar" },
      empty: {
        open: 'Inga öppna omröstningar. Fråga något: /poll "Fråga?" "Alternativ A" "Alternativ B"',
        closed: "Inga stängda omröstningar än.",
        scheduled: "Inga schemalagda omröstningar.",
      },
      footer: "Resultat: /poll results <nr> · stäng: /poll close <nr>",
    },
    draft: {
      text: "Kryssa i dina val och tryck på Skicka. Din röst är anonym och slutgiltig.",
      submit_one: "Skicka ({{count}} val)",
      submit_other: "Skicka ({{count}} val)",
      opened: "Din röstsedel är öppen: kryssa i dina val och skicka.",
      submitted: "Din röst är räknad, anonymt. Den kan inte ändras eller tas tillbaka.",
    },
    vote: {
      coordinatorsOnly: "Tyvärr röstar bara koordinatorer i omröstning #{{id}}. Tack för att du ville vara med!",
      refused: {
        closed: "Omröstning #{{id}} är stängd; röster räknas inte längre.",
        final:
          "Du har redan röstat i omröstning #{{id}}. Den är anonym, så din röst är slutgiltig: den kan inte ändras eller tas tillbaka.",
        badOption: "Omröstning #{{id}} har inget sådant alternativ. Använd numren som visas i omröstningen.",
        oneChoice: "Omröstning #{{id}} tar ett val. Ange ett alternativnummer.",
        tooMany:
          "I omröstning #{{id}} får man välja högst {{max}}. Ta först tillbaka ett val och välj sedan ett annat.",
        empty: "Välj minst ett alternativ först.",
        missing: "Det finns ingen omröstning #{{id}} i den här gemenskapen.",
      },
      counted: "Din röst är räknad.",
      countedAnonymous: "Din röst är räknad. Den är anonym, så den kan inte ändras eller tas tillbaka.",
      retractedHidden: "Din röst är tillbakatagen.",
      voted: "Du röstade på {{option}}.",
      changed: "Du ändrade din röst till {{option}}.",
      retracted: "Du tog tillbaka din röst.",
      added: "Lade till {{option}}. Dina val: {{options}}.",
      removed: "Tog bort {{option}}. Dina val: {{options}}.",
      unchanged: "Din röst står kvar: {{options}}.",
      noVote: "Du har ingen röst i den här omröstningen.",
    },
    closing: {
      title: "Omröstning #{{id}} stängd: {{question}}",
      onCard: "Slutresultatet står på omröstningens kort.",
      shiftNow: "Pass #{{id}} ”{{title}}” blir {{when}}. Anmäl dig via dess kort.",
      shiftInvited_one:
        "Pass #{{id}} ”{{title}}” blir {{when}}. Den {{count}} person som röstade på tiden bjuds in först; kortet kommer till alla {{cardAt}}.",
      shiftInvited_other:
        "Pass #{{id}} ”{{title}}” blir {{when}}. De {{count}} personer som röstade på tiden bjuds in först; kortet kommer till alla {{cardAt}}.",
      shiftTie: "Det blev oavgjort, så inget pass skapades. En koordinator kan välja tiden med /task add.",
      shiftNoVotes: "Ingen röstade, så inget pass skapades.",
      shiftPast: "Den vinnande tiden, {{option}}, har redan varit, så inget pass skapades.",
    },
    invite: {
      text: "Du röstade på {{option}} i ”{{question}}”, och det vann. Passet ”{{title}}” blir {{when}}. Du bjuds in först: anmäl dig nu, innan kortet publiceras för alla.",
      footer: "Uppgift #{{id}} · /task join {{id}}",
      join: "Anmäl mig",
    },
    deleted_one: "Omröstning #{{id}} är borttagen med sina röster. Dess kort i {{count}} chatt säger det nu.",
    deleted_other: "Omröstning #{{id}} är borttagen med sina röster. Dess kort i {{count}} chattar säger det nu.",
    edited_one: "Omröstning #{{id}} är ändrad. Dess kort i {{count}} chatt visar nu ändringen.",
    edited_other: "Omröstning #{{id}} är ändrad. Dess kort i {{count}} chattar visar nu ändringen.",
    scheduled: {
      here: "Omröstning #{{id}} är schemalagd: den postas här {{when}}. Till dess visar /poll list scheduled den, och /poll delete {{id}} ställer in den.",
      everywhere:
        "Omröstning #{{id}} är schemalagd: den postas här och i varje chatt i gemenskapen {{when}}. Till dess visar /poll list scheduled den, och /poll delete {{id}} ställer in den.",
    },
    addOption: {
      added: "“{{option}}” lades till i omröstning #{{id}}. Varje kopia av omröstningen visar det nu.",
      pending:
        "Ditt alternativ “{{option}}” har skickats till den som startade omröstning #{{id}}. Du får höra när hen beslutar.",
      approve: "{{name}} föreslår att “{{option}}” läggs till i din omröstning #{{id}}.",
      add: "Lägg till",
      reject: "Avvisa",
      wasAdded: "Ditt alternativ “{{option}}” lades till i omröstning #{{id}}.",
      wasRejected: "Ditt alternativ “{{option}}” lades inte till i omröstning #{{id}}.",
      gone: "Förslagets omröstning finns inte längre.",
      decided: {
        added: "“{{option}}” lades till i omröstning #{{id}}.",
        rejected: "“{{option}}” avvisades för omröstning #{{id}}.",
      },
      refused: {
        missing: "Det finns ingen omröstning #{{id}} i den här gemenskapen. Se /poll list.",
        closed: "Omröstning #{{id}} är redan stängd.",
        notAllowed: "Omröstning #{{id}} tar inga nya alternativ: den gjordes inte med --add-options.",
        full: "Omröstning #{{id}} har redan {{max}} alternativ, det högsta antalet.",
        duplicate: "Det alternativet finns redan i omröstning #{{id}}, eller väntar på att läggas till.",
        perPerson: "Du har lagt till {{perPerson}} alternativ i omröstning #{{id}}, det mesta en person kan.",
        decided: "Det här förslaget är redan avgjort.",
      },
    },
    remind: {
      notice_one: "Påminnelse: omröstning #{{id}} ”{{question}}” är öppen, och {{count}} person har inte röstat än.",
      notice_other:
        "Påminnelse: omröstning #{{id}} ”{{question}}” är öppen, och {{count}} personer har inte röstat än.",
      sent_one: "Påminde {{count}} person som inte har röstat i omröstning #{{id}}.",
      sent_other: "Påminde {{count}} personer som inte har röstat i omröstning #{{id}}.",
      everyone: "Alla har röstat i omröstning #{{id}}: ingen att påminna.",
    },
    closed: {
      elsewhere_one: "Omröstning #{{id}} är stängd. Resultatet är publicerat i chatten där den fanns.",
      elsewhere_other: "Omröstning #{{id}} är stängd. Resultatet är publicerat i de {{count}} chattar där den fanns.",
    },
  },
};
