/** Short titles: a question's heading, cut at a BudouX phrase boundary so no word is split. */
import { shortenAtPhrase } from '../core/phrases.js';
import { isSpaceAt, oneOf, skipForward, trimEndWhere } from '../core/scan.js';

/**
 * Removes a case particle left dangling by a cut (`ディベートの` → `ディベート`,
 * `務めるのは` → `務める`), so a shortened heading ends on a word. Only particles after a
 * kanji, katakana or closing bracket, or after a nominalising の/こと, are taken: a hiragana
 * word ending in の (もの) must survive.
 */
export function dropTrailingParticle(text: string): string {
  const shorter =
    text.replace(/(?<=[\p{Script=Han}\p{Script=Katakana}ー」』）])(?:では|には|とは|への|との|からの|[のをにがとはもでへや])$/u, '') ||
    text;
  if (shorter !== text) return shorter;
  return text.replace(/(?<=[うくぐすつぬぶむるいた])の[はがをも]$|(?<=こと)[はがをも]$/u, '') || text;
}

const FULL_STOP = oneOf('。？！');
const HALF_STOP = oneOf('?!');
const SENTENCE_CLOSER = oneOf('」』）)');

/**
 * Splits text into sentences, each keeping its 。？！ (and a closing bracket right after it). A
 * half-width ? or ! ends a sentence only before a space or the end: inside a URL it does not.
 * Sentence ends with nothing before them are dropped. One pass: the regex this replaces
 * backtracked over a long run without a sentence end at every start position.
 */
export function sentences(text: string): string[] {
  const found: string[] = [];
  let start = 0;
  let body = false;
  let i = 0;
  const end = (at: number) => {
    if (body) {
      const sentence = text.slice(start, at).trim();
      if (sentence) found.push(sentence);
    }
    start = i = at;
    body = false;
  };
  while (i < text.length) {
    if (FULL_STOP(text, i)) {
      const stops = skipForward(text, i, FULL_STOP);
      end(body ? skipForward(text, stops, SENTENCE_CLOSER) : stops);
    } else if (HALF_STOP(text, i) && (i + 1 === text.length || isSpaceAt(text, i + 1) || SENTENCE_CLOSER(text, i + 1))) {
      const after = skipForward(text, i + 1, SENTENCE_CLOSER);
      if (after === text.length || isSpaceAt(text, after)) end(body ? after : i + 1);
      else {
        body = true;
        i = after;
      }
    } else {
      body = true;
      i++;
    }
  }
  end(text.length);
  return found;
}

/** A sentence that opens a question without asking it: a self-introduction, a follow-up lead-in, an address. */
const PREAMBLE =
  /^(?:(?:[^。、]{1,16}の)?[^。、]{1,10}(?:です|と申します|でございます)|(?:関連して|関連で|関連ですが|もう一点|もう一問|続けて|重ねて|追加で|別の話題で)[^。]{0,14}|[^。、]{1,12}に(?:伺います|お伺いします|お聞きします|お尋ねします|質問です|質問します))。$/u;
/** A greeting or thanks before the question: 「受賞おめでとうございます。」「本日はありがとうございます！」 */
const GREETING =
  /^[^。、！]{0,12}(?:おめでとうございます|ありがとうございます|ありがとうございました|お疲れ様です|お疲れさまです|よろしくお願いします|よろしくお願いいたします|こんにちは|こんばんは|おはようございます|失礼します)[。！!]$/u;

/**
 * A question's heading: the question sentence when the turn has a short one (the sentence ending
 * in ？ is what is asked), otherwise the first sentence; shortened with `shortenAtPhrase`. A final
 * ？ is kept when the sentence fits whole, 。 never.
 */
export function questionTitle(text: string, max = 20): string {
  const spoken = sentences(text);
  // A reporter's 「東都新聞の川村です。」 or 「関連して伺います。」 says who asks, not what: the next sentence does.
  // So does a greeting (「おめでとうございます。」); the last sentence always stays.
  let first = 0;
  while (first < spoken.length - 1 && (PREAMBLE.test(spoken[first]!) || GREETING.test(spoken[first]!))) first++;
  const all = spoken.slice(first);
  const asked = all.find((s) => (s.endsWith('？') || s.endsWith('?')) && s.length - 1 <= max);
  const sentence = asked ?? all[0] ?? text;
  const body = trimEndWhere(sentence, oneOf('。．'));
  const short = shortenAtPhrase(body, max);
  if (short === '') return body;
  return short.length < body.length ? dropTrailingParticle(short) : short;
}
