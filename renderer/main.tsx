import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/source-serif-4/wght.css';
import '@fontsource-variable/source-serif-4/wght-italic.css';
import './styles.css';
import { connect } from './api.ts';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';

const root = document.getElementById('root');
if (root) {
  const { api, mode, events, files, searchInParts } = connect();
  document.documentElement.dataset.mode = mode;
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary where="Cuttings">
        <App api={api} mode={mode} events={events} files={files} searchInParts={searchInParts} />
      </ErrorBoundary>
    </StrictMode>,
  );
}
