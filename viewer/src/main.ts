// Entry point: mounts the Svelte app into #app.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { initCounty } from './lib/county.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The county decides every data path, so it is known before anything loads.
export default initCounty().then(() => mount(App, { target }));
