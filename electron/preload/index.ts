import { contextBridge, ipcRenderer } from 'electron';
import { createLinliApi } from './api';

// Sandboxed preload: bundled to CommonJS, may only require 'electron'.
contextBridge.exposeInMainWorld('linli', createLinliApi(ipcRenderer));
