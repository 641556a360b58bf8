"""What deciding the `loop=` sites of one module version shares (drop_loop_arg, docs/SEMANTICS.md P15),
each part built when first needed: whether the file may run coroutines without asyncio, its ancestry, the
running-loop proofs, and what makes a provable drop unsafe all the same (a handler that may rely on what
loop= raises, a property that reading the value runs)."""
from typing import Optional

import libcst as cst

from .asyncio_api import FOREIGN_RUNNERS, steps_coroutines
from .loop_arg_errors import enclosing_function_names, enclosing_handler, guarded_callees
from .loop_args import TreeEnv
from .project_effects import driven_elsewhere
from .running_loop import RunningLoop


class LoopArgFile(TreeEnv):
    """`site_names`: what the transform's analysis records (the callers' wider analysis adds every def's name)."""

    def __init__(self, module, ctx, analysis, site_names):
        self.module, self.ctx, self.analysis, self.site_names = module, ctx, analysis, site_names
        self.foreign = bool(FOREIGN_RUNNERS & analysis.imported_modules or steps_coroutines(ctx.source)
                            or driven_elsewhere(ctx))
        self._tree = self._guarded = self._proofs = self._callers = None

    @property
    def tree(self):
        if self._tree is None:
            self._tree = self.ctx.tree(self.module)
        return self._tree

    @property
    def guarded_callees(self):
        if self._guarded is None:
            self._guarded = guarded_callees(self.tree)
        return self._guarded

    @property
    def proofs(self) -> RunningLoop:
        if self._proofs is None:
            self._proofs = RunningLoop(self.module, self.analysis, self.tree, self.callers, self.ctx.script_only,
                                       self.ctx.project)
        return self._proofs

    def callers(self, name):
        """The sites of a function's name (loads, calls or not): rule 6 needs every one. The analysis
        watches every def's name from the first question on: one more visit, only in such files."""
        if self._callers is None:
            names = {node.name.value for node in self.tree.nodes if isinstance(node, cst.FunctionDef)}
            wide = self.ctx.analysis(self.module, self.site_names | names)
            self._callers = {}
            for site in wide.sites:
                self._callers.setdefault(site.terminal, []).append(site)
        return self._callers.get(name, [])

    def relied_on(self, call, parts, text) -> Optional[str]:
        """Why the drop would change what code of this file sees, for a message: a handler around the call,
        or around a call of the function holding it, may catch what loop= raises; or reading the value
        `text` (its dotted `parts`, or None) may run a property or __getattr__ of this file. None: neither."""
        handler = enclosing_handler(call, self.parent_of)
        if handler is not None:
            kind = "with" if isinstance(handler, cst.With) else "try"
            return ("a '%s' around the call may catch what loop= raises (TypeError from 3.10; RuntimeError, "
                    "ValueError or DeprecationWarning before): code relying on it stays as written" % kind)
        callers = [f for f in enclosing_function_names(call, self.parent_of) if f in self.guarded_callees]
        if callers:
            return ("'%s' is called in this file where a handler for TypeError, RuntimeError, ValueError or "
                    "DeprecationWarning waits (a test or a version shim may rely on the error); left as written"
                    % callers[0])
        if parts is not None and len(parts) > 1:
            hooks = self.attribute_hooks
            if "*" in hooks or any(part in hooks for part in parts[1:]):
                return "reading '%s' may run a property or __getattr__ of this file; left as written" % text
        return None
