import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';

// neptun-client needs no configuration: webpack 5 emits the package's .wasm as an asset from its
// `new URL('./neptun_client_bg.wasm', import.meta.url)`.
export default {
  mode: 'production',
  entry: './src/index.js',
  output: {
    path: path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'dist'),
    clean: true,
  },
  plugins: [new HtmlWebpackPlugin({ template: './src/index.html' })],
};
