from . import portal
from . import patrol
