"""The codemods, one module each; the registry is gofixer.codemod.REGISTRY."""
