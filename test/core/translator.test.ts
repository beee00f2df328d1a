// The translator keeps the strings asked for without parameters (issue 16):
// what it keeps must never differ from what i18next would answer.
import { describe, expect, it } from "vitest";
import { type Translations, Translator } from "../../src/core/i18n.js";

const greetings: Translations = {
  namespace: "greet",
  en: { hello: "Hello", named: "Hello, {{name}}" },
  fi: { hello: "Hei", named: "Hei, {{name}}" },
  sv: { hello: "Hej", named: "Hej, {{name}}" },
};

describe("Translator", () => {
  it("answers a string without parameters from what it kept, per language", () => {
    const translator = new Translator([greetings]);
    const en = translator.forLocale("en");
    const fi = translator.forLocale("fi");
    expect(en("greet:hello")).toBe("Hello");
    expect(fi("greet:hello")).toBe("Hei");
    expect(en("greet:hello")).toBe("Hello");
    expect(translator.forLocale("sv")("greet:hello")).toBe("Hej");
  });

  it("interpolates every call with parameters", () => {
    const en = new Translator([greetings]).forLocale("en");
    expect(en("greet:named", { name: "Aino" })).toBe("Hello, Aino");
    expect(en("greet:named", { name: "Eero" })).toBe("Hello, Eero");
  });

  it("forgets what it kept when a bundle is added, so a key missing before is found after", () => {
    const translator = new Translator([]);
    const en = translator.forLocale("en");
    expect(en("greet:hello")).toBe("hello");
    translator.add(greetings);
    expect(en("greet:hello")).toBe("Hello");
    expect(translator.forLocale("fi")("greet:hello")).toBe("Hei");
  });
});
