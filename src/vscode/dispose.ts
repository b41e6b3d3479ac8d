// Disposable base class: owns child disposables and releases them once, in reverse order.

/** Anything with a `dispose()`; matches `vscode.Disposable` without importing `vscode`. */
export interface IDisposable {
  dispose(): void;
}

export abstract class Disposable implements IDisposable {
  private readonly _children: IDisposable[] = [];
  private _disposed = false;

  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Takes ownership of `child`; disposes it at once if this object is already disposed. */
  protected _register<T extends IDisposable>(child: T): T {
    if (this._disposed) child.dispose();
    else this._children.push(child);
    return child;
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    // Reverse order: later children may depend on earlier ones (e.g. a provider on its collection).
    for (const child of this._children.splice(0).reverse()) {
      try {
        child.dispose();
      } catch {
        // One failing child must not keep the others alive.
      }
    }
  }
}
