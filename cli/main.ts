// `ssk-guard` — admins and tests run the product's verdicts from a shell (DESIGN §5).
import { BadInput, EXIT, processOutput, type Output } from './io.ts';
import { run as runUrl } from './commands/url.ts';
import { run as runPolicy } from './commands/policy.ts';
import { run as runFile } from './commands/file.ts';
import { run as runForm } from './commands/form.ts';
import { run as runMail } from './commands/mail.ts';

type Command = (argv: string[], io: Output) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  url: runUrl,
  policy: runPolicy,
  file: runFile,
  mail: runMail,
  form: runForm,
};

const USAGE = `使い方 / usage: ssk-guard <command> … [--json]
  url <url>… | -                      URL の判定 / verdict for a navigation
  form --page <url> --action <url> [--method post] [--field name=value]… [--file <name>] [--policy F]
                                      フォーム送信の判定 / verdict for a form submission
  file <path>… | - [--name <名前>]     添付ファイルの検査 / inspect a file
  mail <file.eml>… | - [--policy F]   送信前のメールの判定 / verdict for a message as composed
  policy validate <policy.json>       ポリシーの検証 / validate a policy document
  policy explain <url> [--policy F]   判定の根拠 / explain a verdict step by step
  policy schema                       管理ポリシーのスキーマ / the managed-storage schema
  policy build <policy.json> --out <dir> [--update-url U] [--xpi-url U] [--extension-id ID] [--sign-key K] [--bootstrap]
                                      配布用ファイル一式 / every deployment file
  policy sign <policy.json> --key K [--serial N] [--expires DATE|30d] [--out F]
                                      ポリシーに署名（通し番号と有効期限つき）/ sign, with serial and expiry
  policy verify <signed.json> --key <pub> [--now T]
                                      署名・通し番号・有効期限の確認 / check a signed document
  policy keygen --out <dir>           署名用の鍵の作成 / make a signing key pair
終了コード / exit status: 0 allow, 1 warn, 2 block, 3 bad input`;

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : EXIT.badInput;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`ssk-guard: 不明なコマンド / unknown command: ${JSON.stringify(name)}\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    if (
      e instanceof BadInput ||
      (e instanceof Error && String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_'))
    ) {
      io.err(`ssk-guard ${name}: ${e.message}`);
      return EXIT.badInput;
    }
    throw e;
  }
}
