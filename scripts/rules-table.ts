// Prints the Markdown table of every compliance rule, for the README: `npx tsx scripts/rules-table.ts`.
import { renderRulesTable } from '../lib/compliance/rules-table';

process.stdout.write(renderRulesTable());
