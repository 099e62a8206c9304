// The definitions are shared: the renderer's assistant editor offers the same tools.
export { calculatorDefinition, plotDefinition } from '../../shared/tool-definitions'
