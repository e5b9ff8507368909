/** A web page's title without the site's name after it, only where the page itself names the site. */
import { describe, expect, it } from 'vitest';
import { importSource } from '../../../src/import/index.js';
import { readMarkdown } from './helpers.js';

const page = (title: string, head = '', outside = '') =>
  `<!doctype html><html><head><title>${title}</title>${head}</head><body><nav><ul><li><a href="/">ホーム</a></li>${outside}</ul></nav>` +
  '<article><p>新作を刊行した川島さんに聞いた。</p><p><strong>――</strong>新作のテーマは？</p><p><strong>川島</strong>　家族です。ずっと書きたかった。</p>' +
  '<p><strong>――</strong>執筆期間は？</p><p><strong>川島</strong>　三年です。</p></article></body></html>';

const frontOf = async (html: string) => readMarkdown((await importSource(new TextEncoder().encode(html), { path: 'page.html', today: '2026-01-01' })).markdown).frontMatter;
const titleOf = async (html: string) => (await frontOf(html)).title;

describe('the title of a web page', () => {
  it('loses the site name its meta states', async () => {
    expect(await titleOf(page('作家・川島さんに聞く | 文芸ウェブ', '<meta property="og:site_name" content="文芸ウェブ">'))).toBe('作家・川島さんに聞く');
  });

  it('loses a site name the page shows outside the article', async () => {
    expect(await titleOf(page('作家・川島さんに聞く｜文芸ウェブ', '', '<li><a href="/about">文芸ウェブについて</a></li>'))).toBe('作家・川島さんに聞く');
  });

  it('keeps what follows a separator when nothing says it is the site (a subtitle)', async () => {
    expect(await frontOf(page('作家・川島さんに聞く - 家族を書く三年間'))).toMatchObject({ title: '作家・川島さんに聞く', subtitle: '家族を書く三年間' });
    expect(await titleOf(page('作家・川島さんに聞く | 文芸ウェブ', '<meta property="og:site_name" content="別のサイト">'))).toBe('作家・川島さんに聞く | 文芸ウェブ');
  });
});
