"""The case table: each function of the corpus, its input points, ``wrt`` and flags.

``add(fn, make, ...)`` appends a :class:`Case` whose points are ``make()`` called
``count`` times (or the explicit ``points=``). Flags:

- ``tape=False, why=...``: the function cannot run on the tape by design (``math.*`` or
  ``float()`` on a differentiated value raise ``GradientLostError``; writing a Tensor into
  a NumPy array the function created is an error there).
- ``fallback=True, reason=...``: the compiler refuses the function; ``reason`` is a
  fragment of the ``TransformError`` message.
- ``xfail=...``: a known bug (optionally only at ``xfail_points``); strict, so a fix flips
  the case red until the mark is removed.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tests.corpus import constructs as c
from tests.corpus import decompositions as d
from tests.corpus import fallback as fb
from tests.corpus import models as m
from tests.corpus import rules_ops as r
from tests.corpus.points import away, labels, pos, real_spectrum, spd, spread, u


@dataclass
class Case:
    fn: Callable
    points: list
    wrt: object = 0
    name: str = ""
    tape: bool = True
    why: str = ""
    fallback: bool = False
    reason: str = ""
    xfail: str = ""
    xfail_points: tuple | None = None
    eps: float = 1e-6

    @property
    def multiple(self) -> bool:
        return isinstance(self.wrt, (tuple, list))

    def positions(self) -> list[int]:
        params = list(inspect.signature(self.fn).parameters)
        items = self.wrt if self.multiple else (self.wrt,)
        return [params.index(item) if isinstance(item, str) else item for item in items]

    def xfail_reason(self, index: int) -> str:
        if self.xfail and (self.xfail_points is None or index in self.xfail_points):
            return self.xfail
        return ""

    def reason_pattern(self) -> str:
        return re.escape(self.reason)


CASES: list[Case] = []
MATH_ON_TAPE = "math.* on a Tensor raises GradientLostError on the tape"
FLOAT_ON_TAPE = "float() of a Tensor raises GradientLostError on the tape"
ARRAY_ON_TAPE = "NumPy turning a list of Tensors into an array raises GradientLostError"
WRITE_ON_TAPE = "writing a Tensor into a NumPy array the function created fails on the tape"


FALLBACK = {"fallback": True}


def add(fn, make=None, *, points=None, wrt=0, count=3, label="", **flags):
    if points is None:
        points = [tuple(make()) for _ in range(count)]
    name = fn.__name__ + (f"-{label}" if label else "")
    CASES.append(Case(fn, points, wrt=wrt, name=name, **flags))


# ---- constructs -------------------------------------------------------------------------

add(c.chain_of_assignments, lambda: (u(4),))
add(c.reuse_name_many_times, lambda: (u(3, 2),))
add(c.tuple_unpacking, lambda: (u(5),))
add(c.unpack_from_array_rows, lambda: (u(2, 3),))
add(c.swap_arrays, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.rotate_three, lambda: (u(), u(), u()), wrt=("a", "b", "c"))
add(c.fibonacci_like, lambda: (u(),))
add(c.augmented_arrays, lambda: (pos(4),))
add(c.augmented_in_loop, lambda: (u(3),))
add(c.augmented_matmul, lambda: (u(3, 3), u(3)), wrt=(0, 1))
add(c.all_arithmetic, lambda: (pos(3), pos(3)), wrt=(0, 1))
add(c.python_float_arithmetic, lambda: (pos(), pos()), wrt=(0, 1))
add(c.power_variants, lambda: (pos(4), u()), wrt=(0, 1))
add(c.remainder_ops, lambda: (u(4, lo=0.1, hi=0.6), pos(4, lo=0.8, hi=1.2)), wrt=(0, 1))
add(c.matrix_products, lambda: (u(3, 3), u(3, 3), u(3)), wrt=(0, 1, 2))
add(c.unary_minus_plus, lambda: (u(4),))
add(c.builtin_abs_and_np_abs, lambda: (away(5),))
add(c.abs_of_float, lambda: (away(), away()), wrt=(0, 1))
add(c.comparison_weights, lambda: (away(6, lo=0.1, hi=0.45),))
add(c.equality_masks, lambda: (u(5),))
add(c.chained_comparison, points=[(0.4,), (-0.7,), (1.6,), (-2.0,)])
add(c.keyword_reductions, lambda: (spread(12).reshape(3, 4),))
add(c.methods_and_attributes, lambda: (spread(6).reshape(2, 3),))
add(c.reshape_methods, lambda: (u(12),))
add(c.positional_axis_arguments, lambda: (spread(6).reshape(2, 3),))
add(c.reshape_minus_one, lambda: (u(6),))
add(c.shape_driven_loop, lambda: (u(2, 3),))
add(c.math_module_scalars, lambda: (u(), u()), wrt=(0, 1), tape=False, why=MATH_ON_TAPE)
add(c.math_module_more, lambda: (away(), away()), wrt=(0, 1), tape=False, why=MATH_ON_TAPE)
add(c.float_of_array_entry, lambda: (u(3),), tape=False, why=FLOAT_ON_TAPE)
add(c.integer_subscripts, lambda: (u(3, 3),))
add(c.slice_subscripts, lambda: (u(5, 4),))
add(c.ellipsis_and_reverse, lambda: (u(2, 3, 4),))
add(c.newaxis_subscripts, lambda: (u(3), u(4)), wrt=(0, 1))
add(c.integer_array_index, lambda: (u(5),))
add(c.fancy_rows_and_pairs, lambda: (u(3, 4),))
add(c.boolean_mask_index, lambda: (away(6),))
add(c.mask_from_other, lambda: (u(5), spread(5, gap=0.2)), wrt=(0, 1))
add(c.write_slices_into_new_array, lambda: (u(4),), tape=False, why=WRITE_ON_TAPE)
add(c.write_rows_in_loop, lambda: (u(4),), tape=False, why=WRITE_ON_TAPE)
add(c.overwrite_same_cell, lambda: (u(3),), tape=False, why=WRITE_ON_TAPE)
add(c.mask_assignment, lambda: (away(6),))
add(c.cumulative_by_index, lambda: (u(5),), tape=False, why=WRITE_ON_TAPE)
add(c.scatter_by_index_write, lambda: (u(4),), tape=False, why=WRITE_ON_TAPE)
add(c.augmented_subscript_write, lambda: (u(4),), tape=False, why=WRITE_ON_TAPE)
add(c.reversed_slice_write, lambda: (u(3),), tape=False, why=WRITE_ON_TAPE)
add(c.if_elif_else, points=[(u(3, lo=0.5, hi=1.0),), (u(3, lo=-0.2, hi=0.2),), (-pos(3),)])
add(c.nested_ifs, points=[(0.5, 0.7), (0.5, -0.7), (-0.5, 0.3)], wrt=(0, 1))
add(c.conditional_expression, points=[(pos(3),), (-pos(3),), (np.array([-0.8, 0.1, 0.2]),)])
add(c.and_or_not, points=[(0.3, 0.6), (0.7, -0.2), (-0.4, 0.9), (-0.3, -0.6)], wrt=(0, 1))
add(c.or_with_values, points=[(0.7, 0.2), (0.3, 0.4), (-0.4, 0.8)], wrt=(0, 1))
add(c.if_without_else, points=[(u(3, lo=0.6, hi=1.0),), (u(3, lo=-1.0, hi=0.4),)])
add(c.defined_in_one_branch, points=[(0.7,), (-0.7,), (1.3,)])
add(c.branch_on_length, points=[(u(5),), (u(2),)])
add(c.loop_over_range, lambda: (u(4),))
add(c.loop_range_start_stop_step, lambda: (u(3),))
add(c.loop_over_rows, lambda: (u(4, 3),))
add(c.loop_over_list, lambda: (u(3),))
add(c.zip_two_arrays, lambda: (u(4), u(4)), wrt=(0, 1))
add(c.zip_three, lambda: (u(3), u(3), u(3)), wrt=(0, 1, 2))
add(c.enumerate_rows, lambda: (u(3, 2),))
add(c.enumerate_with_start, lambda: (u(4),))
add(c.nested_loops_triangle, lambda: (u(5),))
add(c.pairwise_distances, lambda: (u(4, 2),))
add(c.while_halving, points=[(3.0,), (0.7,), (0.05,), (1.37,)])
add(c.while_on_array_norm, lambda: (u(3, lo=-2, hi=2),))
add(c.newton_sqrt, points=[(2.0,), (0.3,), (7.5,)])
add(c.outer_break_after_inner, points=[(u(3, 3, lo=0.1, hi=0.3),), (-pos(2, 3),)])
add(c.break_in_for, points=[(0.3,), (1.0,), (-0.5,)])
add(c.continue_in_for, lambda: (away(6),))
add(c.break_in_while, lambda: (u(),))
add(c.break_inner_loop_only, lambda: (spread(12, gap=0.1).reshape(3, 4),))
add(c.return_from_loop, points=[(0.5,), (1.1,), (-0.5,)])
add(c.return_from_nested_loop, points=[(u(3, 3, lo=0.1, hi=0.5),), (-pos(2, 2),)])
add(c.return_in_while, points=[(0.3,), (1.5,), (2.6,)])
add(c.copy_method, lambda: (u(3),))
add(c.tuples_returned, lambda: (u(3),))
add(c.list_append_stack, lambda: (u(4),))
add(c.list_index_and_negative, lambda: (u(3),))
add(c.list_extend_then_stack, lambda: (u(3),), reason="only append(item) is supported", **FALLBACK)
add(c.list_concatenation, lambda: (u(3),), reason="on a list or tuple", **FALLBACK)
add(c.list_slice_stack, lambda: (u(3),))
add(c.nested_list_comprehension, lambda: (u(3), u(2)), wrt=(0, 1))
add(c.comprehension_with_ifexp, lambda: (away(5),))
add(c.list_comprehension, lambda: (u(5),))
add(c.comprehension_with_condition, lambda: (away(6),))
add(c.comprehension_over_range, lambda: (u(3),))
add(c.generator_expression_sum, lambda: (u(4),))
add(c.dict_constant_keys, lambda: (u(3),))
add(c.dict_lookup_only, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.dict_in_loop, lambda: (u(3),))
add(c.builtins_on_arrays, lambda: (spread(4),))
add(c.builtins_sum_of_rows, lambda: (u(2, 3),))
add(c.builtin_min_of_row, lambda: (spread(6).reshape(2, 3),))
add(c.builtin_max_of_expression, lambda: (spread(4),))
add(c.max_min_of_floats, points=[(0.3, 0.8), (0.9, -0.4), (-0.6, -0.2)], wrt=(0, 1))
add(c.calls_with_defaults, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.calls_with_keyword_params, lambda: (u(4),))
add(c.call_returning_tuple, lambda: (u(4),))
add(c.call_chain, lambda: (u(2, 3), u(3, 3)), wrt=(0, 1))
add(c.nested_def_closure, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.nested_def_uses_later_value, lambda: (u(3),))
add(c.nested_def_with_default, lambda: (away(3),))
add(c.helper_defined_in_loop, lambda: (u(3),))
add(c.lambda_in_loop, lambda: (u(3),))
add(c.lambda_calls, lambda: (u(3),))
add(c.lambda_closure, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.recursion_depth, lambda: (u(3),))
add(c.recursion_tree, lambda: (u(2),))
add(c.data_dependent_recursion, points=[(0.07,), (0.7,), (3.3,)])
add(c.mutual_recursion, lambda: (u(3),))
add(
    c.recursion_over_list_items,
    lambda: (u(4),),
    xfail="compiled: the gradient of the first list item is lost (0) when a recursive "
    "function calls itself on the items of a list argument",
)
add(
    c.copy_of_nested_list_in_untaken_branch,
    lambda: (u(4),),
    xfail="compiled: zero gradient when a branch not taken copies a nested list "
    "(np.copy(rows)) that the taken path iterates",
)
add(c.reads_global_constant, lambda: (u(3),))

add(c.late_binding_lambda, lambda: (u(3),))
add(c.late_binding_def, lambda: (u(3),))
add(c.closure_in_loop_reassigned, lambda: (u(3),))
add(c.callee_appends, lambda: (u(3),), reason="changes the argument hs", **FALLBACK)
add(c.callee_mutates_dict, lambda: (u(3),), reason="writing into the argument d", **FALLBACK)
add(c.genexp_max, lambda: (spread(4, lo=0.1, hi=1.0),))
add(c.genexp_pairs, lambda: (u(4),))
add(c.while_in_for, lambda: (away(3, lo=0.25, hi=1.0),))
add(c.branch_in_loop_saved, lambda: (u(3),))
add(c.write_in_nested_loops, lambda: (u(3, 3),), tape=False, why=WRITE_ON_TAPE)
add(c.callee_kw_wrt, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.wrap_recursion, lambda: (u(3),))
add(c.int_of_value, lambda: (away(3),))
add(c.return_types_mixed, points=[(pos(3),), (-pos(3),)])
add(c.loop_var_after_loop, lambda: (u(3),))
add(
    c.param_reassigned_in_branch,
    points=[(u(3), pos(3)), (u(3), -pos(3)), (u(3), pos(3))],
    wrt=(0, 1),
)
add(c.list_of_lists, lambda: (u(3),))
add(c.dict_of_lists, lambda: (u(3),))
add(c.tuple_of_arrays_param, lambda: ((u(3, 2), u(2)), u(4, 3)), wrt=1)
add(c.list_param, lambda: ([u(3), u(3)], u(3)), wrt="x")
add(c.dict_param, lambda: ({"w": u(3), "b": 0.5}, u(3)), wrt="x")
add(c.early_return_before_loop, lambda: (u(3),))
add(c.nested_def_calls_sibling, lambda: (u(3),))
add(c.closure_two_levels, lambda: (u(3), u(3)), wrt=(0, 1))
add(c.loop_over_dict_items, lambda: (u(3),))
add(c.range_counting_down, lambda: (u(4),))
add(c.not_operator, points=[(u(3, lo=0.2),), (u(3, hi=-0.2),)])
add(c.ifexp_in_loop, lambda: (away(4),))

# ---- rules ------------------------------------------------------------------------------

add(r.exp_log_family, lambda: (pos(4),))
add(r.log1p_sqrt_cbrt, lambda: (pos(4),))
add(r.trig_family, lambda: (u(4),))
add(r.inverse_trig, lambda: (u(4, lo=-0.8, hi=0.8),))
add(r.hyperbolic, lambda: (u(4),))
add(r.inverse_hyperbolic, lambda: (u(4),))
add(r.angle_units, lambda: (u(4),))
add(r.arctan2_hypot, lambda: (away(4), away(4)), wrt=(0, 1))
add(r.logaddexp_pair, lambda: (u(4), u(4)), wrt=(0, 1))
add(r.max_min_elementwise, lambda: (away(5), away(5)), wrt=(0, 1))
add(r.fmax_fmin, lambda: (away(5), away(5)), wrt=(0, 1))
add(r.float_power_and_power, lambda: (pos(4), u(4)), wrt=(0, 1))
add(r.fmod_remainder, lambda: (u(4, lo=0.1, hi=0.6), pos(4, lo=0.8, hi=1.2)), wrt=(0, 1))
add(r.negative_positive, lambda: (u(4),))
add(r.multiply_divide_ufuncs, lambda: (pos(4), pos(4)), wrt=(0, 1))
add(r.sign_and_rounding_pass_through, lambda: (u(4, lo=0.05, hi=0.3),))
add(r.broadcasting_binary, lambda: (u(3, 4), u(4), u(3, 1)), wrt=(0, 1, 2))
add(r.sum_axes, lambda: (u(2, 3, 4),))
add(r.mean_axes, lambda: (u(2, 3, 4),))
add(r.prod_reduction, lambda: (away(3, 3),))
add(r.max_min_reductions, lambda: (spread(12).reshape(3, 4),))
add(r.amax_amin, lambda: (spread(12).reshape(4, 3),))
add(r.var_std, lambda: (u(3, 4),))
add(r.var_std_methods, lambda: (u(3, 4),))
add(r.cumsum_axes, lambda: (u(3, 4),))
add(r.norm_variants, lambda: (u(3, 4),))
add(r.trace_diagonal, lambda: (u(4, 4),))
add(r.diag_both_ways, lambda: (u(3), u(3, 3)), wrt=(0, 1))
add(r.matmul_batched, lambda: (u(2, 3, 4), u(2, 4, 2)), wrt=(0, 1))
add(r.matmul_vector_cases, lambda: (u(3, 3), u(3)), wrt=(0, 1))
add(r.dot_variants, lambda: (u(3, 3), u(3, 2), u(3)), wrt=(0, 1, 2))
add(r.inner_outer, lambda: (u(3), u(3)), wrt=(0, 1))
add(r.tensordot_axes, lambda: (u(3, 4), u(4, 3)), wrt=(0, 1))
add(r.tensordot_3d, lambda: (u(2, 3, 4), u(4, 2)), wrt=(0, 1))
add(r.einsum_matrix_forms, lambda: (u(3, 4), u(4, 2)), wrt=(0, 1))
add(r.einsum_batched, lambda: (u(2, 3, 4), u(2, 4, 2)), wrt=(0, 1))
add(r.einsum_implicit_and_ellipsis, lambda: (u(3, 4), u(4, 2)), wrt=(0, 1))
add(r.einsum_outer_and_diag, lambda: (u(3), u(3), u(3, 3)), wrt=(0, 1, 2))
add(r.linalg_inverse, lambda: (spd(3),))
add(r.linalg_solve_vector, lambda: (spd(3), u(3)), wrt=(0, 1))
add(r.linalg_solve_matrix, lambda: (spd(3), u(3, 2)), wrt=(0, 1))
add(r.linalg_det, lambda: (spd(3),))
add(r.reshape_transpose, lambda: (u(24),))
add(r.concatenate_axes, lambda: (u(2, 3), u(2, 3)), wrt=(0, 1))
add(r.stack_axes, lambda: (u(3), u(3)), wrt=(0, 1))
add(r.hstack_vstack, lambda: (u(3), u(3)), wrt=(0, 1))
add(r.expand_squeeze, lambda: (u(3),))
add(r.where_select, lambda: (away(5), spread(5, gap=0.2)), wrt=(0, 1))
add(r.where_broadcast, lambda: (away(4), u()), wrt=(0, 1))
add(r.clip_scalar_bounds, lambda: (spread(6, lo=-0.95, hi=0.95, gap=0.12) + 0.03,))
add(r.clip_array_bounds, lambda: (spread(5), -pos(5), pos(5)), wrt=(0, 1, 2))
add(r.broadcast_to_sum, lambda: (u(3),))
add(r.swap_move_flip, lambda: (u(2, 3, 2),))
add(r.tile_repeat, lambda: (u(4),))
add(r.repeat_method, lambda: (u(3),))
add(r.atleast_nd, lambda: (u(), u(3)), wrt=(0, 1))
add(r.ravel_and_flatten, lambda: (u(2, 3),))
add(r.like_constructors, lambda: (u(4),))
add(r.arange_and_linspace_weights, lambda: (u(4),))
add(r.argmax_to_index, lambda: (spread(5),))

add(r.norm_ord, lambda: (u(4), u(3, 3)), wrt=(0, 1))
add(r.norm_keepdims, lambda: (u(3, 4),))
add(r.norm_matrix_axis, lambda: (u(2, 3, 3),))
add(r.einsum_more, lambda: (u(3, 4), u(3, 4)), wrt=(0, 1))
add(r.einsum_repeated_operand, lambda: (u(3, 4),))
add(r.tensordot_int2, lambda: (u(2, 3), u(2, 3)), wrt=(0, 1))
add(r.diag_offsets, lambda: (u(3), u(4, 4)), wrt=(0, 1))
add(r.diagonal_3d, lambda: (u(3, 3, 3),))
add(r.clip_one_side, lambda: (spread(5, lo=-0.9, hi=0.9, gap=0.2) + 0.07,))
add(r.vec_vec_matmul, lambda: (u(3), u(3)), wrt=(0, 1))
add(r.outer_2d, lambda: (u(2, 2), u(3)), wrt=(0, 1))
add(r.inner_2d, lambda: (u(2, 3), u(4, 3)), wrt=(0, 1))
add(r.batched_linalg, lambda: (np.stack([spd(3), spd(3)]), u(2, 3, 2)), wrt=(0, 1))
add(r.concat_none, lambda: (u(2, 3), u(6)), wrt=(0, 1))
add(r.expand_tuple, lambda: (u(3),))
add(r.squeeze_all, lambda: (u(3),))
add(r.broadcast_lead, lambda: (u(3, 1),))
add(r.moveaxis_lists, lambda: (u(2, 3, 4),))
add(r.tile_2d, lambda: (u(2, 3),))
add(r.repeat_array_counts, lambda: (u(3),))
add(r.transpose_negative, lambda: (u(2, 3, 4),))
add(r.stack_2d_axis1, lambda: (u(2, 3), u(2, 3)), wrt=(0, 1))
add(r.hstack_2d_vstack_1d, lambda: (u(2, 3), u(3)), wrt=(0, 1))
add(r.atleast3, lambda: (u(3),))
add(r.index_mixed, lambda: (u(3, 3),))
add(r.index_list_repeat, lambda: (u(4),))
add(r.index_bool_literal, lambda: (u(4),))
add(r.mask_2d, lambda: (away(3, 3, lo=0.15, hi=1.0) - 0.0,))
add(r.max_tuple_axis, lambda: (spread(24).reshape(2, 3, 4),))
add(r.var_tuple_axis, lambda: (u(2, 3, 4),))
add(r.mean_tuple_axis, lambda: (u(2, 3, 4),))
add(r.cumsum_reverse, lambda: (u(4),))
add(r.prod_keepdims, lambda: (pos(2, 3),))
add(r.logsumexp_manual, lambda: (spread(4),))
add(r.power_neg_base, lambda: (u(4),))
add(r.where_nested, lambda: (spread(5, lo=-0.9, hi=0.9, gap=0.2) + 0.03,))
add(r.sqrt_of_sum_sq, lambda: (away(3),))
add(r.mean_of_list, lambda: (u(3),), tape=False, why=ARRAY_ON_TAPE)
add(r.sum_of_list_np, lambda: (u(3),), tape=False, why=ARRAY_ON_TAPE)
add(r.max_of_list_np, lambda: (spread(3),))
add(r.ndarray_ops_scalar, lambda: (u(3),))

# ---- models -----------------------------------------------------------------------------


def _regression():
    X = u(8, 3)
    return u(3), u(), X, X @ np.array([0.5, -1.0, 2.0]) + 0.1 * u(8)


def _classification():
    return u(3), u(), u(8, 3), (u(8) > 0).astype(float)


def _mlp():
    return u(3, 5), u(5) * 0.1, u(5, 4), u(4) * 0.1, u(6, 3), labels(6, 4)


def _one_hot():
    return u(3, 5), u(5, 4), u(6, 3), np.eye(4)[labels(6, 4)]


add(m.linear_regression_mse, _regression, wrt=(0, 1))
add(m.ridge_least_squares, lambda: (*_regression()[::2], _regression()[3], 0.3), wrt=(0, 3))
add(m.logistic_regression_nll, _classification, wrt=(0, 1, 2))
add(m.logistic_with_helper, lambda: (_classification()[0], u(8, 3), (u(8) > 0) * 1.0))
add(m.mlp_softmax_cross_entropy, _mlp, wrt=(0, 1, 2, 3))
add(m.mlp_one_hot, _one_hot, wrt=("W1", "W2"))
add(m.rnn_unrolled, lambda: (u(4, 3), u(4, 4) * 0.5, u(4), u(5, 3)), wrt=(0, 1, 2, 3))
add(m.rnn_collect_states, lambda: (u(4, 3), u(4, 4) * 0.5, u(5, 3)), wrt=(0, 1))
add(m.gru_like_cell, lambda: (u(3, 5), u(3, 5), u(4, 2)), wrt=(0, 1, 2))
add(m.attention_single_head, lambda: (u(4, 3), u(4, 3), u(4, 3), u(5, 4)), wrt=(0, 1, 2, 3))
add(m.causal_attention, lambda: (u(3, 3), u(3, 3), u(4, 3)), wrt=(0, 1, 2))
add(m.layer_norm, lambda: (u(3, 4), pos(4), u(4)), wrt=(0, 1, 2))
add(m.batch_norm_train, lambda: (u(5, 3), pos(3)), wrt=(0, 1))
add(m.euler_ode_decay, lambda: (pos(), u(3)), wrt=(0, 1))
add(m.euler_pendulum, lambda: (u(), u(), pos(lo=5, hi=10)), wrt=(0, 1, 2))
add(m.rk2_oscillator, lambda: (pos(2), u(2)), wrt=(0, 1))
add(m.gaussian_log_likelihood, lambda: (u(), u(), u(6)), wrt=(0, 1, 2))
add(m.multivariate_gaussian_nll, lambda: (u(3, 3), u(3)), wrt=(0, 1))
add(m.conv1d_by_slicing, lambda: (u(3), u(7)), wrt=(0, 1), tape=False, why=WRITE_ON_TAPE)
add(m.conv2d_by_slicing, lambda: (u(2, 2), u(4, 4)), wrt=(0, 1))
add(m.conv1d_list_comprehension, lambda: (u(3), u(6)), wrt=(0, 1))
add(m.huber_loss, lambda: (spread(6, lo=-1.2, hi=1.2, gap=0.2) + 0.02, np.zeros(6)))
add(m.softplus_poisson_regression, lambda: (u(3), u(6, 3), np.arange(6.0) % 3))
add(m.kmeans_soft_assign, lambda: (u(3, 2), u(5, 2)), wrt=(0, 1))
add(m.polynomial_fit, lambda: (u(4), u(6), u(6)), wrt=(0, 1))
add(m.horner_polynomial, lambda: (u(4), u(5)), wrt=(0, 1))
add(m.gradient_descent_unrolled, lambda: (u(3), u(6, 3), u(6)), wrt=(0, 1, 2))
add(m.power_iteration_rayleigh, lambda: (spd(3) + spd(3).T, pos(3)), wrt=(0, 1))
add(m.markov_chain_steps, lambda: (u(3, 3), np.array([0.2, 0.5, 0.3])), wrt=(0, 1))
add(m.mixture_log_likelihood, lambda: (u(3), u(3), u(5)), wrt=(0, 1, 2))
add(m.pairwise_energy, lambda: (u(4, 2) * 3,))
add(m.cosine_similarity_loss, lambda: (u(4), u(4)), wrt=(0, 1))
add(m.contrastive_logits, lambda: (u(4, 3),))
add(m.residual_block, lambda: (u(3, 3) * 0.5, u(3, 3) * 0.5, u(2, 3)), wrt=(0, 1, 2))
add(m.quantile_like_loss, lambda: (away(5), np.zeros(5)), wrt=(0, 1))
add(m.entropy_regularised, lambda: (u(2, 4),))
add(m.finite_horizon_control, lambda: (u(5), u()), wrt=(0, 1))

# ---- whole-function fallback ------------------------------------------------------------


add(fb.try_except, lambda: (pos(3),), reason="try", **FALLBACK)
add(fb.try_finally, lambda: (u(3),), reason="try", **FALLBACK)
add(fb.with_errstate, lambda: (pos(3),), reason="with", **FALLBACK)
add(fb.with_suppress, lambda: (u(3),), reason="with", **FALLBACK)
add(fb.global_counter, lambda: (u(3),), reason="global", **FALLBACK)
add(fb.nonlocal_accumulator, lambda: (u(3),), reason="nonlocal", **FALLBACK)
add(fb.generator_helper, lambda: (u(3),), reason="yield", **FALLBACK)
add(fb.yield_inside, lambda: (u(3),), reason="yield", **FALLBACK)
add(fb.star_args_helper, lambda: (u(3),), reason="*args", **FALLBACK)
add(fb.kwargs_helper, lambda: (u(3),), reason="**kwargs", **FALLBACK)
add(fb.star_args_own, lambda: (u(3), u(2), u(2)), reason="*args", **FALLBACK)
add(fb.delete_name, lambda: (u(3),), reason="del", **FALLBACK)
add(fb.loop_with_else, lambda: (u(3),), reason="else", **FALLBACK)
add(fb.local_class, lambda: (u(3),), reason="class", **FALLBACK)
add(fb.attribute_assignment, lambda: (u(3),), reason="attribute", **FALLBACK)
add(fb.eval_expression, lambda: (u(3),), reason="eval", **FALLBACK)
add(fb.starred_unpacking, lambda: (u(4),), reason="starred", **FALLBACK)
add(fb.reversed_iteration, lambda: (u(4),), reason="reversed", **FALLBACK)
add(fb.sorted_iteration, lambda: (spread(4),), reason="sorted", **FALLBACK)
add(fb.list_pop, lambda: (u(3),), reason=".pop()", **FALLBACK)
add(fb.keyword_only_scale, lambda: (u(3),))
add(fb.import_inside, lambda: (u(3),), reason="import", **FALLBACK)

# ---- np.linalg decompositions, matrix functions and norms -------------------------------
add(d.eigh_values_and_vectors, lambda: (u(3, 3),))
add(d.eigh_upper_triangle, lambda: (u(3, 3),))
add(d.eigvalsh_log_sum_exp, lambda: (u(3, 3),))
add(d.eig_real_spectrum, lambda: (real_spectrum(3),))
add(d.svd_thin, lambda: (u(4, 3),))
add(d.svd_values_only, lambda: (u(3, 4),))
add(d.named_result_fields, lambda: (u(4, 3),))
add(d.cholesky_log_det, lambda: (u(3, 3),))
add(d.slogdet_of_product, lambda: (spd(3), -spd(3)), wrt=(0, 1))
add(d.slogdet_of_product, lambda: (spd(3), spd(3)), label="first")
add(d.qr_factors, lambda: (u(4, 3),))
add(d.pinv_and_power, lambda: (spd(3),))
add(d.inverse_power, lambda: (spd(3),))
add(d.least_squares, lambda: (u(5, 3), u(5)), wrt=(0, 1))
add(d.least_squares, lambda: (u(5, 2), u(5)), label="a")
add(d.norms_of_every_order, lambda: (away(3, 3),))
add(d.reduce_dot_chain, lambda: (u(3, 3), u(3, 3), u(3, 2)), wrt=(0, 1, 2))
add(d.reduce_dot_chain, lambda: (u(2, 3), u(3, 3), u(3, 2)), label="first")
add(d.reduce_matmul_with_start, lambda: (u(3, 3), u(3, 3)), wrt=(0, 1))
add(
    fb.reduce_over_a_list_variable,
    lambda: (u(3, 3), u(3, 3)),
    wrt=(0, 1),
    reason="functools.reduce has no derivative rule",
    **FALLBACK,
)

# ---- SciPy, where it is installed (an optional extra) -----------------------------------
try:
    from tests.corpus import scipy_functions as sf
except ImportError:
    sf = None
if sf is not None:
    SCIPY_ON_TAPE = "SciPy's Python functions cannot take Tensors: compiled code only"
    no_tape = {"tape": False, "why": SCIPY_ON_TAPE}
    add(sf.logistic_log_likelihood, lambda: (u(3), u(4, 3)))
    add(sf.special_functions, lambda: (u(4, lo=0.2, hi=1.0),), **no_tape)
    add(sf.log_partition, lambda: (u(2, 3),), **no_tape)
    add(sf.bessel_and_softmax, lambda: (u(4),), **no_tape)
    add(sf.densities_and_cdfs, lambda: (u(4),), **no_tape)
    add(sf.softmax_attention, lambda: (u(2, 3), u(4, 3)), wrt=(0, 1), **no_tape)
    add(sf.gaussian_fit, lambda: (u(), pos(), u(5)), wrt=(0, 1), **no_tape)
    add(sf.gaussian_fit, lambda: (u(), pos(), u(5)), label="mu", **no_tape)
    add(sf.student_t_and_gamma, lambda: (u(3), pos() + 2), wrt=(0, 1), **no_tape)
    add(sf.student_t_and_gamma, lambda: (u(3), pos() + 2), label="x", **no_tape)
    add(sf.beta_and_poisson, lambda: (pos() + 1, pos() + 1), wrt=(0, 1), **no_tape)
    add(sf.beta_and_poisson, lambda: (pos() + 1, pos() + 1), label="a", **no_tape)
    add(sf.beta_and_poisson, lambda: (pos() + 1, pos() + 1), wrt=1, label="mu", **no_tape)
    add(sf.multivariate_gaussian, lambda: (u(4, 3), u(3), u(3, 3)), wrt=(0, 1, 2), **no_tape)
    add(sf.multivariate_gaussian, lambda: (u(4, 3), u(3), u(3, 3)), wrt=2, label="cov", **no_tape)
    add(sf.dirichlet_on_softmax, lambda: (u(3), pos(3) + 1), wrt=(0, 1), **no_tape)
    add(sf.dirichlet_on_softmax, lambda: (u(3), pos(3) + 1), label="z", **no_tape)
    add(sf.smoothed_signal, lambda: (u(6), u(3)), wrt=(0, 1), **no_tape)
    add(sf.smoothed_signal, lambda: (u(6), u(3)), label="signal", **no_tape)
    add(sf.triangular_solve_and_root, lambda: (u(3, 3), u(3)), wrt=(0, 1), **no_tape)
    add(sf.triangular_solve_and_root, lambda: (u(3, 3), u(3)), label="a", **no_tape)

# ---- NumPy coverage: sorting and selection -----------------------------------------------

add(r.sorted_weights, lambda: (spread(5),))
add(r.sort_rows_and_partition, lambda: (spread(12).reshape(3, 4),))
add(r.robust_statistics, lambda: (spread(7, lo=0.1, hi=1.0),))
add(r.median_rows, lambda: (spread(12).reshape(3, 4),))
add(r.take_and_gather, lambda: (spread(6).reshape(2, 3),))
add(r.choose_and_select, lambda: (away(4), away(4)), wrt=(0, 1))
add(r.weighted_average, lambda: (u(4), pos(4)), wrt=(0, 1))
add(r.split_and_unpack, lambda: (u(6),))
add(r.array_split_pieces, lambda: (u(2, 5),))
add(r.hsplit_vsplit_dsplit, lambda: (u(2, 4, 2),))
add(r.cumprod_with_zero, lambda: (u(4),))
add(r.cumprod_rows, lambda: (u(2, 3),))
add(r.differences, lambda: (u(5), u()), wrt=(0, 1))
add(r.numerical_derivative, lambda: (u(3, 4),))
add(r.integrate_and_polynomial, lambda: (u(5), u(3)), wrt=(0, 1))
add(r.pad_modes, lambda: (u(4),))
add(r.roll_rotate_flip, lambda: (u(3, 3),))
add(r.triangles_and_axes, lambda: (u(3, 3),))
add(r.stacking_columns, lambda: (u(3), u(3)), wrt=(0, 1))
add(r.moving_average, lambda: (u(6),))
add(r.filled_and_spaced, lambda: (u(4),))
add(r.full_of_value, lambda: (u(3),), tape=False, why=ARRAY_ON_TAPE)
add(r.kron_and_cross, lambda: (u(3), u(3)), wrt=(0, 1))
add(r.ufunc_reductions, lambda: (spread(6).reshape(2, 3),))
add(r.ufunc_accumulations, lambda: (spread(5),))
add(r.array_of_scalars, lambda: (u(3),), tape=False, why=ARRAY_ON_TAPE)
add(r.casts_and_special, lambda: (pos(4),))
add(r.math_special_functions, lambda: (u(), pos()), wrt=(0, 1), tape=False, why=MATH_ON_TAPE)
add(r.real_parts_and_shifts, lambda: (u(5),))
add(r.einsum_interleaved, lambda: (u(2, 3), u(3, 2)), wrt=(0, 1))
add(r.index_tricks, lambda: (u(3),), tape=False, why=ARRAY_ON_TAPE)
