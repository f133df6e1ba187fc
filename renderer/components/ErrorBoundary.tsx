import { Component, type ReactNode } from 'react';

interface Props {
  where: string;
  children: ReactNode;
}
interface State {
  error: Error | null;
}

/** A failure in one pane shows a readable message there, never a blank window. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="pane-error" role="alert">
        <h2>{this.props.where} ran into a problem</h2>
        <p>{this.state.error.message || 'An unexpected error occurred.'}</p>
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
