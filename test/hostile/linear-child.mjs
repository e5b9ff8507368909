// Child process of regex-linear.test.ts: feeds one entry point text with long runs of one
// character class, at two lengths, and reports the CPU time of each: `done <case> <small> <large>`.
// Linear work grows 8× from the small to the large length; quadratic work 64×. Every case writes
// `start <case>` first (synchronously), so the parent can name and kill a case that never ends.
import { writeSync } from 'node:fs';
import path from 'node:path';

const [root, entry, small, large] = [process.argv[2], process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
const dist = (file) => import(path.join(root, 'dist', file));
const { importTranscript } = await dist('import/index.js');
const { parseManuscript } = await dist('manuscript/parse.js');
const { typesetBook } = await dist('core/build.js');
const { compareBooks } = await dist('errata/compare.js');
const { errataMarkdown } = await dist('errata/sheet.js');
const { lastEditionNamed } = await dist('errata/history.js');
const { printHtml } = await dist('writers/print/print-html.js');
const { coverSvg } = await dist('writers/epub/cover-image.js');
const { shortNavLabel } = await dist('writers/epub/writer.js');

// The character classes the readers treat specially, and pairs that alternate two of them.
const CLASSES = {
  space: ' ', 'ideographic space': '\u3000', tab: '\t', 'zero-width space': '\u200b', letter: 'a', digit: '1', 'full-width digit': '１',
  kana: 'あ', 'long vowel': 'ー', colon: ':', 'full-width colon': '：', period: '.', '句点': '。', '読点': '、', question: '?',
  'full-width question': '？', paren: '(', 'full-width paren': '（', 'opening bracket': '「', 'closing bracket': '」', hyphen: '-',
  dash: '―', brace: '{', 'less-than': '<', backslash: '\\', asterisk: '*', underscore: '_', 'square bracket': '[', backquote: '`',
  'letter colon': 'a:', 'space colon': ' ：', 'capital period': 'A.', 'question bracket': '？」', 'period space': '。 ',
  'question space': '? ', scheme: 'a://', lines: 'x\n', 'form feed': '\f',
};

const front = (title = '題', extra = '') =>
  `---\ntitle: ${JSON.stringify(title)}\nspeakers:\n  - id: q\n    label: 質問\n    role: interviewer\n  - id: a\n    label: 山田\n    role: interviewee\neditions:\n  - edition: 初版\n    date: 2024-01-01\n${extra}---\n\n`;
const turns = '## 問い\n\n**質問**：問いですか？\n\n**山田**：答えです。\n\n';
const body = '質問：問いですか？\n山田：答えです。\n質問：次は？\n山田：はい。\n';

// Inputs with the run `r` in one position each that the entry point reads specially: one
// position per input keeps the rest of the work small beside the run.
const ENTRIES = {
  import: [
    (r) => `${r}\n見出し\n${body}`,
    (r) => `見出し${r}見出し\n${body}`,
    (r) => `2023年5月17日${r}\n${body}`,
    (r) => `見出し\n質問${r}：問い？\n${body}`,
    (r) => `見出し\n${body}山田：答え${r}です。\n`,
    (r) => `見出し\n${body}質問：あ${r}？\n山田：はい。\n`,
    (r) => `見出し\n${body}${r}：あ\n`,
    (r) => `見出し\n${body}あ${r}あ\n`,
    // The label lexer's styles, part headings, declarations, reporters, eras and translation notes.
    (r) => `見出し\n${body}【山${r}田】答え\n【記者】問い？\n`,
    (r) => `見出し\n${body}（${r}）答え\n（問）問い？\n`,
    (r) => `見出し\nQ${r}問い？\nA${r}答え。\n${body}`,
    (r) => `見出し\n◯${r}\n${body}【テーマ】${r}\n${body}第1部${r}\n${body}`,
    (r) => `見出し\n${body}山田${r}（以下、${r}）：答え\n今日は${r}ラブロフ外相（以下、ラ）に聞く。\n`,
    (r) => `見出し\n【（東都${r}新聞）（川${r}村）記者】問い？\n【記者（東都・${r}）】問い？\n${body}`,
    (r) => `令和${r}年5月1日\nロシア語${r}からの翻訳\n原文：${r}\n${body}`,
    (r) => `見出し\n※以下は${r}機械翻訳${r}です。\nこの記事が気に入ったら${r}フォロー\n${body}`,
    // Circle-marked labels of official records, with the run in the name and after it.
    (r) => `見出し\n○山田${r}　答え\n○記者${r}問い？\n○${r}\n${body}`,
    // A 対談's names set off by a space, with the run as the name, the space and the words.
    (r) => `見出し\n――問い？\n山本${r}答え\n川口　${r}\n山本　あ${r}\n川口${r}\n`,
    // Recording timestamps, leading and trailing, with the run inside and beside them.
    (r) => `見出し\n[00:${r}] 質問：問い？\n[00:01]${r}山田：答え\n山田${r}00:02\n答え\n${r} 00:03\n${body}`,
  ].map((make) => (r) => importTranscript(Buffer.from(make(r)), { path: 'x.txt', today: '2024-01-01' })),
  parse: [
    (r) => front(`題${r}題`) + turns,
    (r) => front() + `## 問${r}い\n\n**質問**：問い\n`,
    (r) => front() + turns + `**山${r}田**：答え\n`,
    (r) => front() + turns + `**山田${r}：**答え\n`,
    (r) => front() + turns + `**山田**${r}：答え\n`,
    (r) => front() + turns + `あ${r}い\n`,
    (r) => front() + turns + `答え${r}です。${r}\n`,
  ].map((make) => (r) => parseManuscript(make(r), 'x.md')),
  typeset: [
    (r) => front(`題${r}題`, `subtitle: ${JSON.stringify(`副${r}`)}\n`) + `## 問${r}い\n\n**質問**：問い\n\n**山田**：答え\n`,
    (r) => front() + turns + `あ${r}い\n`,
  ].map((make) => async (r) => {
    const book = parseManuscript(make(r), 'x.md');
    if (book.file.messages.some((message) => message.fatal)) return;
    const parts = await typesetBook(book);
    coverSvg(book.meta);
    printHtml(parts, book.meta, { stylesheets: [] });
    shortNavLabel(0, book.questions[0]?.title ?? r);
  }),
  errata: [
    (r) => {
      const before = parseManuscript(front() + turns + `答え${r}です。${r}\n`, 'a.md');
      const after = parseManuscript(front() + turns + `答え${r}でした。あ${r}\n`, 'b.md');
      errataMarkdown(compareBooks(before, after), { meta: after.meta, since: 'x' });
    },
    (r) => lastEditionNamed(front().replace('初版', `初${r}版`)),
  ],
};

const cpu = async (work) => {
  const start = process.cpuUsage();
  try {
    await work();
  } catch (error) {
    if (error?.name !== 'KumihanError') throw error;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

const say = (line) => writeSync(1, `${line}\n`);
const only = process.argv[6];
for (const [name, unit] of Object.entries(CLASSES)) {
  if (only && name !== only) continue;
  const run = (length) => unit.repeat(Math.ceil(length / unit.length));
  for (const [index, work] of ENTRIES[entry].entries()) {
    const id = `${entry}#${index + 1} ${name}`;
    say(`start ${id}`);
    const smallRun = run(small);
    const smallMs = Math.min(await cpu(() => work(smallRun)), await cpu(() => work(smallRun)));
    // One large run can meet a major garbage collection; a run that looks super-linear (over 16× the
    // small one, for 8× the text) is measured again and the lesser kept. Quadratic work is slow both times.
    let largeMs = await cpu(() => work(run(large)));
    if (largeMs / Math.max(smallMs, 5) > 16) largeMs = Math.min(largeMs, await cpu(() => work(run(large))));
    say(`done ${id}\t${smallMs.toFixed(1)}\t${largeMs.toFixed(1)}`);
  }
}
say('end');
