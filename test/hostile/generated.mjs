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
