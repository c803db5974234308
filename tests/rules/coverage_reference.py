"""The reference list for NumPy coverage: every function a numerical user reaches for.

It holds every name of the coverage issue (sorting and selection, cumulative functions,
shapes, ufunc methods, linear algebra, casts and construction, FFT, ``math``, SciPy) and
every NumPy function HIPS autograd differentiates (its ``numpy_vjps.py``, ``linalg.py``,
``fft.py`` and the joining functions of its NumPy wrapper), written out by hand. Names
that the installed NumPy lacks (``np.msort``, ``np.trapz`` in NumPy 2) are skipped by the
test; SciPy names are checked only where SciPy is installed.

``PENDING`` maps names that have no rule yet to the reason; the test expects them to
fail (strictly, so a new rule flips the test until its name leaves ``PENDING``).
"""

from __future__ import annotations

AUTOGRAD = """
np.add np.multiply np.subtract np.divide np.true_divide np.maximum np.minimum np.fmax
np.fmin np.logaddexp np.logaddexp2 np.mod np.remainder np.power np.negative np.abs
np.fabs np.absolute np.reciprocal np.exp np.exp2 np.expm1 np.log np.log2 np.log10
np.log1p np.sin np.cos np.tan np.arcsin np.arccos np.arctan np.sinh np.cosh np.tanh
np.arcsinh np.arccosh np.arctanh np.rad2deg np.degrees np.deg2rad np.radians np.square
np.sqrt np.sinc np.reshape np.roll np.array_split np.split np.vsplit np.hsplit np.dsplit
np.ravel np.expand_dims np.squeeze np.diag np.flipud np.fliplr np.rot90 np.trace np.full
np.triu np.tril np.clip np.swapaxes np.moveaxis np.rollaxis np.real_if_close np.real
np.imag np.conj np.conjugate np.angle np.where np.cross np.linspace np.diff np.repeat
np.tile np.kron np.transpose np.sum np.mean np.prod np.var np.std np.max np.min np.amax
np.amin np.cumsum np.inner np.matmul np.dot np.tensordot np.outer np.concatenate np.sort
np.msort np.partition np.atleast_1d np.atleast_2d np.atleast_3d np.einsum np.diagonal
np.nan_to_num np.stack np.hstack np.vstack np.column_stack np.dstack np.array
np.linalg.det np.linalg.slogdet np.linalg.inv np.linalg.pinv np.linalg.solve
np.linalg.norm np.linalg.eigh np.linalg.eig np.linalg.cholesky np.linalg.svd
np.fft.fft np.fft.ifft np.fft.fft2 np.fft.ifft2 np.fft.fftn np.fft.ifftn np.fft.rfft
np.fft.irfft np.fft.rfft2 np.fft.irfft2 np.fft.rfftn np.fft.irfftn np.fft.fftshift
np.fft.ifftshift
""".split()

ISSUE = """
np.sort np.msort np.partition np.take np.take_along_axis np.choose np.select np.median
np.percentile np.quantile np.average np.cumprod np.diff np.gradient np.trapezoid np.trapz
np.polyval np.add.reduce np.multiply.accumulate np.maximum.reduce np.logaddexp.reduce
np.add.accumulate np.multiply.reduce np.minimum.reduce np.maximum.accumulate
np.minimum.accumulate np.logaddexp2.reduce np.fmax.reduce np.fmin.reduce
np.split np.array_split np.hsplit np.vsplit np.dsplit np.pad np.roll np.rot90 np.fliplr
np.flipud np.rollaxis np.tril np.triu np.kron np.cross np.dstack np.column_stack np.full
np.full_like np.linspace np.lib.stride_tricks.sliding_window_view
np.linalg.cholesky np.linalg.slogdet np.linalg.eigh np.linalg.eigvalsh np.linalg.eig
np.linalg.svd np.linalg.pinv np.linalg.matrix_power np.linalg.qr np.linalg.lstsq
np.linalg.norm np.astype np.array np.stack np.asarray np.real np.imag np.conj np.angle
np.nan_to_num np.sinc np.mod np.remainder np.fabs np.fft.fft np.fft.ifft np.fft.rfft
np.fft.irfft np.fft.fft2 np.fft.fftn np.fft.fftshift np.fft.ifftshift np.einsum
math.erf math.erfc math.lgamma math.gamma math.sin math.cos math.exp math.log math.sqrt
scipy.special.logsumexp scipy.special.expit scipy.special.logit scipy.special.erf
scipy.special.erfc scipy.special.gammaln scipy.special.digamma scipy.special.polygamma
scipy.special.xlogy scipy.special.softmax scipy.special.log_softmax scipy.special.beta
scipy.special.betaln scipy.special.j0 scipy.special.j1 scipy.special.i0 scipy.special.i1
scipy.linalg.solve_triangular scipy.linalg.sqrtm scipy.signal.convolve
""".split()

REFERENCE = sorted(set(AUTOGRAD) | set(ISSUE))

PENDING: dict[str, str] = {}
