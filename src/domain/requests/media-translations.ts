// Strings for photos and shared places on requests (the "media" keys of the
// requests namespace), one object per language, spread into translations.ts.

export const mediaStrings = {
  en: {
    photo: "Photo",
    attached_one: "attached",
    attached_other: "{{count}} attached",
    noLink_one: "{{count}} photo kept (the bot has no PUBLIC_BASE_URL to link it)",
    noLink_other: "{{count}} photos kept (the bot has no PUBLIC_BASE_URL to link them)",
    badType:
      "I can attach only JPEG, PNG or WebP photos, not {{type}}. Send it as a photo, or file the request without it.",
    tooLarge: "That photo is {{size}} MB; the most I take is {{max}} MB. Send a smaller one.",
    keepLocationOption: "Keep where the photo was taken in the photo (EXIF); removed otherwise",
    photoOption: "A photo of the problem: JPEG, PNG or WebP, up to 10 MB",
    placed: "Place added to {{number}}: {{place}}.",
    askPlace: "Where is it? Reply to this message with a location (📎 → Location) within {{minutes}} minutes.",
    locationNoted:
      "Location noted. A request you file here in the next {{minutes}} minutes gets this place; /request near lists open requests around it.",
    nearUsage: "/request near [<map link or lat,long>] [--radius 500m]",
    nearPlaceOption: "A map link or coordinates (default: the last location you shared)",
    radiusOption: "How far: 500m, 2km (default 1 km)",
    nearNeedsPlace:
      "Near where? Share a location with me first, or give one: /request near 60.1699,24.9384 (a map link works too).",
    nearNone: "No open requests within {{radius}}. Nothing to back here: file yours with /request.",
    nearTitle_one: "{{count}} open request within {{radius}}",
    nearTitle_other: "{{count}} open requests within {{radius}}",
    nearLine: "{{number}} · {{distance}} · {{category}} · {{text}} · +{{count}}",
    nearFooter: "Same problem? Press its +1 to back it instead of filing again (or /request +1 <number>).",
    nearbyButton: "📍 Nearby",
    supportButton: "+1 {{number}}",
  },
  fi: {
    photo: "Kuva",
    attached_one: "liitetty",
    attached_other: "{{count}} liitetty",
    noLink_one: "{{count}} kuva tallessa (botilla ei ole PUBLIC_BASE_URL-osoitetta linkkiä varten)",
    noLink_other: "{{count}} kuvaa tallessa (botilla ei ole PUBLIC_BASE_URL-osoitetta linkkejä varten)",
    badType:
      "Voin liittää vain JPEG-, PNG- tai WebP-kuvia, en tyyppiä {{type}}. Lähetä se kuvana tai jätä pyyntö ilman sitä.",
    tooLarge: "Kuva on {{size}} Mt; otan enintään {{max}} Mt. Lähetä pienempi.",
    keepLocationOption: "Säilytä kuvauspaikka kuvassa (EXIF); muuten se poistetaan",
    photoOption: "Kuva ongelmasta: JPEG, PNG tai WebP, enintään 10 Mt",
    placed: "Paikka lisätty pyyntöön {{number}}: {{place}}.",
    askPlace: "Missä se on? Vastaa tähän viestiin sijainnilla (📎 → Sijainti) {{minutes}} minuutin kuluessa.",
    locationNoted:
      "Sijainti tallessa. Seuraavan {{minutes}} minuutin aikana tässä jättämäsi pyyntö saa tämän paikan; /request near näyttää lähellä olevat avoimet pyynnöt.",
    nearUsage: "/request near [<karttalinkki tai lev,pit>] [--radius 500m]",
    nearPlaceOption: "Karttalinkki tai koordinaatit (oletus: viimeksi jakamasi sijainti)",
    radiusOption: "Kuinka kaukaa: 500m, 2km (oletus 1 km)",
    nearNeedsPlace:
      "Minkä lähellä? Jaa ensin sijaintisi minulle tai anna paikka: /request near 60.1699,24.9384 (karttalinkkikin käy).",
    nearNone: "Ei avoimia pyyntöjä {{radius}} säteellä. Jätä omasi komennolla /request.",
    nearTitle_one: "{{count}} avoin pyyntö {{radius}} säteellä",
    nearTitle_other: "{{count}} avointa pyyntöä {{radius}} säteellä",
    nearLine: "{{number}} · {{distance}} · {{category}} · {{text}} · +{{count}}",
    nearFooter: "Sama ongelma? Tue sitä +1-napilla uuden sijaan (tai /request +1 <numero>).",
    nearbyButton: "📍 Lähellä",
    supportButton: "+1 {{number}}",
  },
  sv: {
    photo: "Foto",
    attached_one: "bifogat",
    attached_other: "{{count}} bifogade",
    noLink_one: "{{count}} foto sparat (boten har ingen PUBLIC_BASE_URL att länka det med)",
    noLink_other: "{{count}} foton sparade (boten har ingen PUBLIC_BASE_URL att länka dem med)",
    badType:
      "Jag kan bara bifoga JPEG-, PNG- eller WebP-foton, inte {{type}}. Skicka det som foto, eller lämna ärendet utan det.",
    tooLarge: "Fotot är {{size}} MB; jag tar högst {{max}} MB. Skicka ett mindre.",
    keepLocationOption: "Behåll var fotot togs i fotot (EXIF); annars tas det bort",
    photoOption: "Ett foto av problemet: JPEG, PNG eller WebP, högst 10 MB",
    placed: "Plats tillagd i {{number}}: {{place}}.",
    askPlace: "Var är det? Svara på det här meddelandet med en plats (📎 → Plats) inom {{minutes}} minuter.",
    locationNoted:
      "Platsen noterad. Ett ärende du lämnar här inom {{minutes}} minuter får den här platsen; /request near visar öppna ärenden i närheten.",
    nearUsage: "/request near [<kartlänk eller lat,long>] [--radius 500m]",
    nearPlaceOption: "En kartlänk eller koordinater (standard: platsen du senast delade)",
    radiusOption: "Hur långt: 500m, 2km (standard 1 km)",
    nearNeedsPlace:
      "Nära var? Dela först en plats med mig, eller ange en: /request near 60.1699,24.9384 (en kartlänk går också).",
    nearNone: "Inga öppna ärenden inom {{radius}}. Lämna ditt med /request.",
    nearTitle_one: "{{count}} öppet ärende inom {{radius}}",
    nearTitle_other: "{{count}} öppna ärenden inom {{radius}}",
    nearLine: "{{number}} · {{distance}} · {{category}} · {{text}} · +{{count}}",
    nearFooter: "Samma problem? Stöd det med +1 i stället för att lämna ett nytt (eller /request +1 <nummer>).",
    nearbyButton: "📍 I närheten",
    supportButton: "+1 {{number}}",
  },
};
