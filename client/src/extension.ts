// Activation: one context object, one language client, one file per feature.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { InferRequest, TrustGrantedNotification } from '../../shared/src/protocol';
import { createLanguageClient } from './languageClient';
import { registerBuilds } from './buildCommands';
import { registerCommands } from './commands';
import { gitAddHandlers } from './gitAdd';
import { nixifyHandlers } from './nixifyCommand';
import { serviceHandlers } from './serviceCommand';
import { shipHandlers } from './shipCommands';
import { registerUntrustedNotice } from './trust';

export interface Ctx {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  client: LanguageClient;
}

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  const output = vscode.window.createOutputChannel('Nixify', { log: true });
  const client = createLanguageClient(context, output);
  ctx = { context, output, client };
  context.subscriptions.push(output);
  // Every command, registered here from the table in commandTable.ts.
  registerCommands(context.subscriptions, {
    ...nixifyHandlers(ctx),
    ...gitAddHandlers(ctx),
    ...serviceHandlers(ctx),
    ...shipHandlers(ctx),
    ...registerBuilds(ctx),
    restartServer: async () => {
      await ctx!.client.restart();
      output.info('language server restarted');
    },
    showInferredInputs: async (uri?: string) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!target) return void vscode.window.showInformationMessage('Open a Cargo.toml first.');
      const r = await client.sendRequest(InferRequest, { uri: target });
      const lines = [
        `nativeBuildInputs: ${r.nativeBuildInputs.join(' ') || '(none)'}`,
        `buildInputs: ${r.buildInputs.join(' ') || '(none)'}`,
        `env: ${
          Object.entries(r.env)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(' ') || '(none)'
        }`,
        '',
        ...r.reasons.map((x) => `${x.input}: ${x.because}`),
      ];
      output.info(`inferred inputs for ${r.root}:\n${lines.join('\n')}`);
      output.show(true);
    },
  });
  registerUntrustedNotice(context);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(TrustGrantedNotification)));
  await client.start();
  return ctx;
}

export async function deactivate(): Promise<void> {
  await ctx?.client.stop();
  ctx = undefined;
}
