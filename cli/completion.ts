/**
 * Shell completion scripts for bash, zsh and fish, generated from the
 * command table: command words, subcommands, each command's flags and the
 * fixed values some flags and arguments take.
 *
 * All three scripts work the same way: the words typed so far, less flags
 * and flag values, form a path ("firewall add"); the longest command name
 * that starts the path says which flags to offer.
 *
 * @module
 */

import type { FlagSpec } from "./args.ts";
import type { Command } from "./command.ts";

/** The shells the tool completes for. @example `COMPLETION_SHELLS.includes("zsh")` */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;

/** What the scripts are generated from. */
interface Model {
  /** A shell function name made from the program. */
  id: string;
  program: string;
  /** Command names and aliases, longest first, with what to offer after each. */
  paths: { path: string; words: string[]; flags: FlagSpec[] }[];
  /** Words right after a group (`firewall` → `list show add revoke`). */
  groups: Map<string, string[]>;
  /** The first words of all commands. */
  top: string[];
  global: readonly FlagSpec[];
  /** Every flag that takes a value, by long and short form. */
  valueFlags: FlagSpec[];
}

function model(
  program: string,
  commands: readonly Command[],
  global: readonly FlagSpec[],
): Model {
  const groups = new Map<string, string[]>();
  const top: string[] = [];
  const paths: Model["paths"] = [];
  const valueFlags = new Map<string, FlagSpec>();
  for (const flag of global) {
    if (flag.kind === "string") valueFlags.set(flag.name, flag);
  }
  for (const command of commands) {
    for (const path of [command.name, ...(command.aliases ?? [])]) {
      const words = path.split(" ");
      if (!top.includes(words[0])) top.push(words[0]);
      if (words.length === 2) {
        const subs = groups.get(words[0]) ?? [];
        if (!subs.includes(words[1])) subs.push(words[1]);
        groups.set(words[0], subs);
      }
      paths.push({
        path,
        words: [...(command.arguments?.choices ?? [])],
        flags: command.flags,
      });
    }
    for (const flag of command.flags) {
      if (flag.kind === "string") valueFlags.set(flag.name, flag);
    }
  }
  paths.sort((a, b) =>
    b.path.split(" ").length - a.path.split(" ").length ||
    b.path.length - a.path.length
  );
  return {
    id: program.replace(/[^\w]/g, "_"),
    program,
    paths,
    groups,
    top,
    global,
    valueFlags: [...valueFlags.values()],
  };
}

function longFlags(flags: readonly FlagSpec[]): string[] {
  return flags.map((f) => `--${f.name}`);
}

function forms(flag: FlagSpec): string[] {
  return [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])];
}

function isFile(flag: FlagSpec): boolean {
  return flag.valueName === "FILE";
}

/** Single-quotes `text` for a POSIX shell or fish. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** How bash and zsh spell the parts of the same `case` logic. */
interface CaseSyntax {
  /** One `case` branch: patterns, then what to do. */
  branch(patterns: string[], body: string): string;
  /** Offer `words` as completions (in a path branch). */
  offer(words: string[]): string;
  /** Complete the value of a flag. */
  value(flag: FlagSpec): string;
}

const BASH: CaseSyntax = {
  branch: (patterns, body) => `    ${patterns.join("|")}) ${body} ;;`,
  offer: (words) => `words=${quote(words.join(" "))}`,
  value: (f) =>
    `${
      f.choices
        ? `COMPREPLY=($(compgen -W ${quote(f.choices.join(" "))} -- "$cur"))`
        : isFile(f)
        ? `COMPREPLY=($(compgen -f -- "$cur"))`
        : "COMPREPLY=()"
    }; return`,
};

const ZSH: CaseSyntax = {
  branch: (patterns, body) => `    (${patterns.join("|")}) ${body} ;;`,
  offer: (words) => `offered=(${words.join(" ")})`,
  value: (f) =>
    `${
      f.choices
        ? `compadd -- ${f.choices.join(" ")}`
        : isFile(f)
        ? "_files"
        : ":"
    }; return`,
};

/** The `case "$prev"` branches: values of flags. */
function valueBranches(m: Model, syntax: CaseSyntax): string {
  const byBody = new Map<string, string[]>();
  for (const flag of m.valueFlags) {
    const body = syntax.value(flag);
    byBody.set(body, [...(byBody.get(body) ?? []), ...forms(flag)]);
  }
  return [...byBody].map(([body, patterns]) => syntax.branch(patterns, body))
    .join("\n");
}

/** The `case "$path"` branches: what to offer after each command path. */
function pathBranches(m: Model, syntax: CaseSyntax): string {
  const global = longFlags(m.global);
  const exact = (path: string) => quote(path);
  const below = (path: string) => `${quote(path)}" "*`;
  const branches = m.paths.flatMap(({ path, words, flags }) => {
    const offered = [...words, ...longFlags(flags), ...global];
    const subs = m.groups.get(path);
    return subs
      ? [
        syntax.branch([exact(path)], syntax.offer([...subs, ...offered])),
        syntax.branch([below(path)], syntax.offer(offered)),
      ]
      : [syntax.branch([exact(path), below(path)], syntax.offer(offered))];
  });
  for (const [group, subs] of m.groups) {
    if (m.paths.some((p) => p.path === group)) continue;
    branches.push(
      syntax.branch([exact(group), below(group)], syntax.offer(subs)),
    );
  }
  branches.push(syntax.branch(['""'], syntax.offer([...m.top, ...global])));
  branches.push(syntax.branch(["*"], syntax.offer(global)));
  return branches.join("\n");
}

function bash(m: Model): string {
  const values = m.valueFlags.flatMap(forms).join("|");
  return `# bash completion for ${m.program}, generated by \`${m.program} completion bash\`.
# Load it with: source <(${m.program} completion bash)
_${m.id}_complete() {
  local cur prev path="" i words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) continue ;;
    esac
    case "\${COMP_WORDS[i-1]}" in
      ${values}) continue ;;
    esac
    path="\${path:+$path }\${COMP_WORDS[i]}"
  done
  case "$prev" in
${valueBranches(m, BASH)}
  esac
  case "$path" in
${pathBranches(m, BASH)}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _${m.id}_complete ${m.program}
`;
}

function zsh(m: Model): string {
  const values = m.valueFlags.flatMap(forms).join("|");
  return `#compdef ${m.program}
# zsh completion for ${m.program}, generated by \`${m.program} completion zsh\`.
# Load it (after compinit) with: source <(${m.program} completion zsh)
_${m.id}() {
  local path_="" i w prev="\${words[CURRENT-1]}"
  local -a offered
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    [[ "$w" == -* ]] && continue
    case "\${words[i-1]}" in
      (${values}) continue ;;
    esac
    path_="\${path_:+$path_ }$w"
  done
  case "$prev" in
${valueBranches(m, ZSH)}
  esac
  case "$path_" in
${pathBranches(m, ZSH)}
  esac
  compadd -- $offered
}
compdef _${m.id} ${m.program}
`;
}

function fish(m: Model): string {
  const fn = `__${m.id}`;
  const valueForms = m.valueFlags.flatMap(forms).join(" ");
  const names = m.paths.map((p) => quote(p.path)).join(" ");
  const lines: string[] = [
    `# fish completion for ${m.program}, generated by \`${m.program} completion fish\`.`,
    `# Load it with: ${m.program} completion fish | source`,
    `function ${fn}_command`,
    "    set -l tokens (commandline -opc)",
    "    set -e tokens[1]",
    "    set -l path",
    "    set -l skip 0",
    "    for t in $tokens",
    "        if test $skip -eq 1",
    "            set skip 0",
    "            continue",
    "        end",
    "        switch $t",
    `            case ${valueForms}`,
    "                set skip 1",
    "            case '-*'",
    "            case '*'",
    "                set path $path $t",
    "        end",
    "    end",
    "    set -l p (string join ' ' $path)",
    `    for name in ${names}`,
    `        if test "$p" = "$name"; or string match -q -- "$name *" "$p"`,
    "            echo $name",
    "            return",
    "        end",
    "    end",
    '    echo "$p"',
    "end",
    `function ${fn}_is`,
    `    set -l c (${fn}_command)`,
    '    test "$c" = "$argv[1]"',
    "end",
    `complete -c ${m.program} -f`,
    `complete -c ${m.program} -n '${fn}_is ""' -a ${quote(m.top.join(" "))}`,
  ];
  for (const [group, subs] of m.groups) {
    lines.push(
      `complete -c ${m.program} -n ${quote(`${fn}_is ${group}`)} -a ${
        quote(subs.join(" "))
      }`,
    );
  }
  const flagLine = (flag: FlagSpec, condition?: string) =>
    `complete -c ${m.program}${
      condition ? ` -n ${quote(condition)}` : ""
    } -l ${flag.name}${flag.short ? ` -s ${flag.short}` : ""}${
      flag.kind === "string"
        ? flag.choices
          ? ` -x -a ${quote(flag.choices.join(" "))}`
          : isFile(flag)
          ? " -r -F"
          : " -x"
        : ""
    } -d ${quote(flag.description)}`;
  for (const flag of m.global) lines.push(flagLine(flag));
  for (const { path, words, flags } of m.paths) {
    const condition = `${fn}_is ${quote(path)}`;
    if (words.length > 0) {
      lines.push(
        `complete -c ${m.program} -n ${quote(condition)} -a ${
          quote(words.join(" "))
        }`,
      );
    }
    for (const flag of flags) lines.push(flagLine(flag, condition));
  }
  return lines.join("\n") + "\n";
}

/**
 * The completion script of `shell` for the tool called `program`.
 *
 * @example
 * ```ts
 * import { completionScript } from "./completion.ts";
 * import { COMMANDS, GLOBAL_FLAGS } from "./main.ts";
 * console.log(completionScript("bash", "lambda", COMMANDS, GLOBAL_FLAGS));
 * ```
 */
export function completionScript(
  shell: typeof COMPLETION_SHELLS[number],
  program: string,
  commands: readonly Command[],
  global: readonly FlagSpec[],
): string {
  // A completion is registered for one word; `deno task cli` is not one.
  const name = /^[\w.-]+$/.test(program) ? program : "lambda";
  const m = model(name, commands, global);
  return shell === "bash" ? bash(m) : shell === "zsh" ? zsh(m) : fish(m);
}
