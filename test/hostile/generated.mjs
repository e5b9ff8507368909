// Large transcripts made on the fly (never committed): shared by the corpus test and resources.mjs.

/** Long turns of real-looking text, alternating speakers, until 10 MiB. */
export function tenMegabyteTranscript() {
  const sentence = '私たちは近年、これに慣れてしまった。現在の局面（開始前）のずっと前から始まっていたのだから。';
  const lines = ['十メガバイトの対話'];
  for (let i = 0, size = 0; size < 10 * 1024 * 1024; i++) {
    const line = `${i % 2 ? '山田' : '質問'}: ${sentence.repeat(20)}${i % 2 ? '' : 'そうですか?'}`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return lines.join('\n');
}

/** Ten thousand one-line questions, each with a one-line answer. */
export function tenThousandQuestions() {
  return ['一万の問い', ...Array.from({ length: 10_000 }, (_, i) => `質問: 第${i + 1}問ですか?\n山田: はい、${i + 1}番目の答えです。`)].join('\n');
}

/**
 * A 10 MiB press conference in the government-record style: part headings, topic lines, a
 * moderator, bracketed reporters with outlets (several hundred distinct ones), parenthesised and
 * lettered labels mixed in.
 */
export function tenMegabytePressConference() {
  const answer = '交渉は粘り強く続けられていると承知しています。日本としても、関係国に働きかけを続けます。';
  const lines = ['十メガバイトの記者会見', '冒頭発言', `【森川外務大臣】${answer.repeat(10)}`, '質疑応答'];
  for (let i = 0, size = 0; size < 10 * 1024 * 1024; i++) {
    if (i % 20 === 0) lines.push(`◯第${i / 20 + 1}の話題`);
    const asker = [`【（東都新聞${i % 300}）（記者${i % 7}）記者】`, '（問）', 'Q. ', '【記者】'][i % 4];
    const reply = ['【森川外務大臣】', '（答）', 'A. ', '【森川外務大臣】'][i % 4];
    const exchange = [`${asker}${answer}どうお考えですか。`, `${reply}${answer.repeat(8)}`];
    if (i % 10 === 9) exchange.push('【司会】次の方、どうぞ。');
    lines.push(...exchange);
    size += exchange.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
  }
  return lines.join('\n');
}
